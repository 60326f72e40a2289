// The page's inventory equals the CLI's, for the built-in demo and for the seed-lab exports
// uploaded through the file picker. The expected counts come from the CLI itself when REACH_BIN
// names a `reach` binary, else from the golden inventory JSON in tests/scenarios/seed-lab/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReachPage, launchBrowser } from './reach-page.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const seedLab = join(root, 'tests/scenarios/seed-lab');
const screenshots = join(root, 'tests/browser/screenshots');
// Golden outputs that sit beside the exports: they are answers, not inputs.
const goldenNames = ['inventory.json', 'expected-inventory.json', 'expected.json'];

/** The counts `reach inventory --format json` prints for these arguments, or null. */
function cliCounts(args) {
  const bin = process.env.REACH_BIN;
  if (bin) {
    // Exit status 2 means some input had errors; the JSON is printed all the same.
    let stdout;
    try {
      stdout = execFileSync(bin, ['inventory', ...args, '--format', 'json'], { encoding: 'utf8' });
    } catch (error) {
      if (error.status !== 2) throw error;
      stdout = error.stdout;
    }
    return JSON.parse(stdout).counts;
  }
  for (const name of goldenNames.slice(0, 2)) {
    const path = join(seedLab, name);
    if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')).counts;
  }
  return null;
}

function seedLabFiles() {
  if (!existsSync(seedLab)) return [];
  return readdirSync(seedLab, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && !goldenNames.includes(entry.name))
    .map((entry) => join(seedLab, entry.name))
    .sort();
}

let browser;
before(async () => {
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});
after(async () => {
  await browser?.close();
});

test('the demo shows the same counts as `reach inventory --demo`', async (t) => {
  const reach = new ReachPage(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await reach.open();
  const requestsAtStart = reach.requests.length;
  await reach.loadDemo();
  assert.ok((await reach.loadedFileCount()) > 0, 'the demo lists its files');
  const shown = await reach.counts();
  assert.ok(Object.values(shown).some((count) => count > 0), `some count is non-zero: ${JSON.stringify(shown)}`);
  await reach.screenshot(join(screenshots, 'demo.png'));

  const expected = cliCounts(['--demo']);
  if (expected === null) {
    t.diagnostic('no REACH_BIN and no golden inventory JSON: counts checked for being non-zero only');
  } else {
    assert.deepEqual(shown, expected);
    for (const [key, count] of Object.entries(expected)) assert.equal(await reach.count(key), count, key);
  }
  assert.deepEqual(await reach.inputErrors(), [], 'the demo loads without input errors');
  assert.deepEqual(reach.requests.slice(requestsAtStart), [], 'no network requests after start-up');
  assert.deepEqual(reach.errors, []);
});

test('uploading the seed-lab exports shows the same counts', async (t) => {
  const files = seedLabFiles();
  if (files.length === 0) {
    t.skip('tests/scenarios/seed-lab/ has no exports yet');
    return;
  }
  const reach = new ReachPage(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await reach.open();
  const requestsAtStart = reach.requests.length;
  assert.equal(await reach.uploadFiles(files), files.length);
  const shown = await reach.counts();
  await reach.screenshot(join(screenshots, 'upload.png'));

  const expected = process.env.REACH_BIN ? cliCounts(files) : cliCounts([]);
  if (expected === null) {
    t.diagnostic('no REACH_BIN and no golden inventory JSON: counts checked for being non-zero only');
    assert.ok(Object.values(shown).some((count) => count > 0), `some count is non-zero: ${JSON.stringify(shown)}`);
  } else {
    assert.deepEqual(shown, expected);
  }
  assert.deepEqual(await reach.inputErrors(), [], 'the seed-lab exports load without input errors');

  // Removing a file takes it out of the list (and out of the load).
  const first = files[0].split('/').pop();
  await reach.removeFile(first);
  assert.equal(await reach.loadedFileCount(), files.length - 1);

  assert.deepEqual(reach.requests.slice(requestsAtStart), [], 'no network requests after start-up');
  assert.deepEqual(reach.errors, []);
});

test('pasted documents become files, and text that is not JSON is an error', async () => {
  const reach = new ReachPage(await browser.newPage());
  await reach.open();
  await reach.paste('{"Vpcs": [{"VpcId": "vpc-0a1b", "CidrBlock": "10.0.0.0/16"}]}\n{"Subnets": []}');
  assert.deepEqual(await reach.fileNames(), ['pasted-1.json', 'pasted-2.json']);
  assert.equal(await reach.count('vpcs'), 1);
  assert.deepEqual(await reach.inputErrors(), []);

  await reach.paste('not json');
  assert.deepEqual(await reach.fileNames(), ['pasted-1.json', 'pasted-2.json', 'pasted-3.json']);
  const errors = await reach.inputErrors();
  assert.equal(errors.length, 1);
  assert.match(errors[0], /^pasted-3\.json: /);
  assert.deepEqual(reach.errors, []);
});

test('a large import runs off the page\'s thread, with progress, and lists everything', async () => {
  // The generated large snapshot (66 files, about 42 MB): written by reach-synth, the same
  // generator the benchmarks use.
  const dir = join(root, 'target/browser-large-snapshot');
  execFileSync('cargo', ['run', '--quiet', '--locked', '-p', 'reach-synth', '--', dir], { cwd: root, stdio: 'inherit' });
  const files = readdirSync(dir).map((name) => join(dir, name));
  const page = new ReachPage(await browser.newPage());
  await page.open();
  await page.page.getByLabel('Choose files').setInputFiles(files);
  // While the worker reads the files, the page shows how far it has got, and still answers
  // the user: typing into the paste box works before the import has finished.
  await page.page.getByTestId('import-progress').waitFor({ timeout: 60_000 });
  await page.page.getByLabel('Paste JSON').fill('{"Vpcs": []}');
  assert.equal(await page.page.locator('main').getAttribute('aria-busy'), 'true', 'the import was still running');
  assert.equal(await page.page.getByLabel('Paste JSON').inputValue(), '{"Vpcs": []}');
  const notice = page.page.getByTestId('notice').getByText(/^Added 66 files\./);
  await notice.waitFor({ timeout: 120_000 });
  console.log(`# large snapshot: ${await notice.textContent()}`);
  assert.equal(await page.loadedFileCount(), files.length);
  assert.equal(await page.count('vpcs'), 50, 'reach-synth::Size::large has 50 VPCs');
  assert.equal(await page.page.getByTestId('import-progress').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('without its worker the page says why instead of waiting for ever', async () => {
  const page = new ReachPage(await browser.newPage());
  await page.page.route('**/worker_loader.js', (route) => route.abort());
  await page.open();
  assert.equal(await page.page.locator('main').getAttribute('data-engine'), 'failed');
  await page.page.getByRole('button', { name: 'Load demo' }).click();
  await page.page
    .getByTestId('notice')
    .getByText(/^Could not load the demo: the analysis worker stopped; reload the page/)
    .waitFor({ timeout: 30_000 });
  assert.equal(await page.loadedFileCount(), 0);
});
