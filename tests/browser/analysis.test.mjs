// Asking a question on the page: the verdict and the path diagram, every seed-lab variant
// against the CLI's golden JSON, share links, hostile input, the keyboard alone, and axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_URL, ReachPage, launchBrowser } from './reach-page.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const variants = join(root, 'tests/scenarios/seed-lab-variants');
const screenshots = join(root, 'tests/browser/screenshots');
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** Screenshots the whole diagram (the page is widened so its scroll box clips nothing). */
async function diagramShot(page, name) {
  const svg = page.page.getByTestId('path-diagram');
  const width = Number(await svg.getAttribute('width'));
  await page.page.setViewportSize({ width: Math.max(1280, width + 120), height: 1000 });
  // Let the page as wide as the diagram for the picture (CSSOM changes; the CSP allows them).
  await page.page.evaluate(() => {
    for (const element of document.querySelectorAll('.wrap')) element.style.maxWidth = 'none';
  });
  await svg.screenshot({ path: join(screenshots, name) });
  await page.page.evaluate(() => {
    for (const element of document.querySelectorAll('.wrap')) element.style.maxWidth = '';
  });
}

let browser;
before(async () => {
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});
after(async () => {
  await browser?.close();
});

/** The question a scenario folder asks, as form fields. */
function questionOf(folder) {
  const words = readFileSync(join(folder, 'question'), 'utf8').trim().split(/\s+/);
  const flag = (name) => {
    const index = words.indexOf(name);
    return index >= 0 ? words[index + 1] : '';
  };
  return {
    source: flag('--source'),
    destination: flag('--destination') || flag('--destination-ip'),
    port: flag('--destination-port'),
  };
}

test('the demo answers with a verdict and a path diagram', async () => {
  const page = new ReachPage(await browser.newPage({ viewport: { width: 1360, height: 1000 } }));
  await page.openAt('#demo=05-tcp-rules-tcp-443');
  await page.ask({ source: 'i-0454c90477e2bf220', destination: '93.184.216.34', port: '443' });
  assert.equal(await page.verdict(), 'reachable');
  const hops = await page.hops();
  assert.ok(hops.includes('i-0454c90477e2bf220'), hops.join(' '));
  assert.ok(hops.includes('network-firewall'), hops.join(' '));
  assert.ok(hops.includes('igw-0323d72f1a3e748dd'), hops.join(' '));
  // The firewall hop's chip and details: the pass rule, its Suricata text.
  await page.focusHop('network-firewall');
  const details = await page.page.getByTestId('hop-details').textContent();
  assert.match(details, /pass tcp \$HOME_NET any -> \$EXTERNAL_NET 443/);
  assert.match(await page.page.getByTestId('path-diagram').textContent(), /pass: sid 1000001/);
  await diagramShot(page, 'diagram-reachable.png');
  assert.deepEqual(page.errors, []);
});

test('a demo design fills in its question: peering, a transit gateway, east-west inspection, a firewall on the transit gateway', async () => {
  const page = new ReachPage(await browser.newPage());
  for (const [id, hop] of [
    ['peering-second-vpc', 'pcx-0c3c3c3c3c3c3c3c3'],
    ['transit-gateway-spoke', 'tgw-rtb-0e5e5e5e5e5e5e5e5'],
    ['inspection-vpc-east-west', 'network-firewall'],
    ['tgw-attached-firewall', 'network-firewall'],
  ]) {
    await page.openAt(`#demo=${id}`);
    assert.notEqual(await page.page.locator('#q-source').inputValue(), '', id);
    await page.page.getByRole('button', { name: 'Analyze' }).click();
    await page.idle();
    await page.page.getByTestId("verdict").waitFor();
    assert.equal(await page.verdict(), 'reachable', id);
    assert.ok((await page.hops()).includes(hop), `${id}: ${(await page.hops()).join(' ')}`);
  }
  assert.deepEqual(page.errors, []);
});

test('every seed-lab variant gives the CLI\'s answer', async () => {
  const page = new ReachPage(await browser.newPage());
  for (const id of readdirSync(variants).sort()) {
    const folder = join(variants, id);
    const golden = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8'));
    await page.openAt(`#demo=${id}`);
    await page.ask(questionOf(folder));
    assert.equal(await page.verdict(), golden.Reach.Verdict, id);
    const json = await page.downloadedJson();
    assert.deepEqual(json, golden, `${id}: the page's JSON differs from the CLI's`);
    if (id.startsWith('04-')) {
      await diagramShot(page, 'diagram-firewall-block.png');
    }
    if (id.startsWith('11-')) {
      await diagramShot(page, 'diagram-asymmetric.png');
    }
  }
  assert.deepEqual(page.errors, []);
});

test('a load balancer and a Gateway Load Balancer design give the CLI\'s answer', async () => {
  const page = new ReachPage(await browser.newPage({ viewport: { width: 1360, height: 1000 } }));
  for (const [name, hop] of [
    ['alb-internet-facing-unhealthy-target', 'loadbalancer/app/web-alb/'],
    ['gwlb-ingress-inspection', 'loadbalancer/gwy/inspection-gwlb/'],
  ]) {
    const folder = join(root, 'tests/scenarios', name);
    const files = readdirSync(folder)
      .filter((file) => file.endsWith('.json') && !file.startsWith('expected'))
      .map((file) => join(folder, file));
    await page.open();
    await page.uploadFiles(files);
    const golden = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8'));
    await page.ask(questionOf(folder));
    assert.equal(await page.verdict(), golden.Reach.Verdict, name);
    assert.ok((await page.hops()).some((id) => id.includes(hop)), `${name}: ${(await page.hops()).join(' ')}`);
    assert.deepEqual(await page.downloadedJson(), golden, `${name}: the page's JSON differs from the CLI's`);
    await diagramShot(page, `diagram-${name}.png`);
  }
  assert.deepEqual(page.errors, []);
});

test('a share link reproduces the answer in a fresh page; a broken one says so', async () => {
  const first = new ReachPage(await browser.newPage());
  await first.openAt('#demo=10-tls-pass-drop-established-tcp-443');
  await first.ask({ source: 'i-0454c90477e2bf220', destination: '93.184.216.34', port: '443' });
  const verdict = await first.verdict();
  const link = first.page.url();
  assert.match(link, /#s=/);
  assert.ok(link.split('#')[1].length <= 6 * 1024, 'the demo link stays under 6 KB');
  const second = new ReachPage(await browser.newPage());
  await second.page.goto(link);
  await second.page.getByTestId('verdict').waitFor({ timeout: 30_000 });
  assert.equal(await second.verdict(), verdict);
  assert.deepEqual(await second.hops(), await first.hops());
  // A link carrying files (not the demo): pasted exports travel in the link.
  const third = new ReachPage(await browser.newPage());
  await third.open();
  await third.paste(readFileSync(join(root, 'tests/scenarios/seed-lab/describe-vpcs.json'), 'utf8'));
  await third.ask({ source: '10.1.1.40', destination: '10.1.1.50', port: '22' });
  const fourth = new ReachPage(await browser.newPage());
  await fourth.page.goto(third.page.url());
  await fourth.page.getByTestId('notice').getByText('Opened a shared answer.').waitFor({ timeout: 30_000 });
  assert.deepEqual(await fourth.fileNames(), await third.fileNames());
  // Broken.
  const broken = new ReachPage(await browser.newPage());
  await broken.page.goto(`${APP_URL}#s=not-a-link`);
  await broken.page.getByTestId('notice').getByText(/^Could not open the link: the link is damaged/).waitFor({ timeout: 30_000 });
  for (const page of [first, second, third, fourth, broken]) assert.deepEqual(page.errors, []);
});

test('a minimal-scenario link carries only what the answer needs, and gives the same answer', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const first = new ReachPage(await context.newPage());
  await first.open();
  const seedLab = join(root, 'tests/scenarios/seed-lab');
  // All the seed lab's exports but one (all of them would be the demo, which links by name).
  const exports = readdirSync(seedLab)
    .filter((name) => name.endsWith('.json') && !name.startsWith('expected') && name !== 'describe-vpn-gateways.json')
    .map((name) => join(seedLab, name));
  await first.uploadFiles(exports);
  await first.ask({ source: 'i-0454c90477e2bf220', destination: '93.184.216.34', port: '80' });
  const full = first.page.url();
  const answer = await first.downloadedJson();
  await first.page.getByRole('button', { name: /^Minimal link/ }).click();
  await first.page.getByTestId('notice').getByText(/^The address bar now links to the minimal scenario/).waitFor({ timeout: 30_000 });
  const minimal = first.page.url();
  assert.ok(minimal.length < full.length / 2, `${minimal.length} vs ${full.length}`);
  const second = new ReachPage(await context.newPage());
  await second.page.goto(minimal);
  await second.page.getByTestId('verdict').waitFor({ timeout: 30_000 });
  assert.ok((await second.loadedFileCount()) < exports.length);
  assert.deepEqual(await second.downloadedJson(), answer);
  assert.deepEqual([...first.errors, ...second.errors], []);
  await context.close();
});

test('names and rule text from the exports never become markup', async () => {
  const page = new ReachPage(await browser.newPage());
  await page.openAt('#demo');
  const payload = '<img src=x onerror="window.__xss = 1">';
  const instances = JSON.parse(readFileSync(join(root, 'tests/scenarios/seed-lab/describe-instances.json'), 'utf8'));
  for (const reservation of instances.Reservations) {
    for (const instance of reservation.Instances) {
      instance.Tags = [{ Key: 'Name', Value: payload }];
    }
  }
  const group = JSON.parse(readFileSync(join(root, 'tests/scenarios/seed-lab/describe-rule-group.network-firewall-rule-group-5-tuple.json'), 'utf8'));
  group.RuleGroup.RulesSource = {
    RulesString: `pass tcp $HOME_NET any -> $EXTERNAL_NET 443 (msg:"${payload.replaceAll('"', "'")}"; sid:7;)`,
  };
  // The edited files replace the demo's by name.
  await page.uploadNamed([
    { name: 'describe-instances.json', text: JSON.stringify(instances) },
    { name: 'describe-rule-group.network-firewall-rule-group-5-tuple.json', text: JSON.stringify(group) },
  ]);
  await page.ask({ source: 'i-0454c90477e2bf220', destination: '93.184.216.34', port: '443' });
  await page.focusHop('network-firewall');
  await page.focusHop('i-0454c90477e2bf220');
  assert.equal(await page.page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.page.locator('img').count(), 0);
  assert.match(await page.page.getByTestId('path-diagram').textContent(), /<img src=x/);
  assert.deepEqual(page.errors, []);
});

test('the keyboard alone: fill the form, submit with Enter, open a hop', async () => {
  const page = new ReachPage(await browser.newPage());
  await page.openAt('#demo=04-tcp-rules-tcp-80');
  const keyboard = page.page.keyboard;
  // The variant fills in its question; replace each field as a user would.
  await page.page.locator('#q-source').focus();
  await keyboard.press('Control+A');
  await keyboard.type('i-0454c90477e2bf220');
  await keyboard.press('Tab');
  await keyboard.press('Control+A');
  await keyboard.type('93.184.216.34');
  await keyboard.press('Tab'); // protocol
  await keyboard.press('Tab');
  await keyboard.press('Control+A');
  await keyboard.type('80');
  await keyboard.press('Enter');
  await page.idle();
  await page.page.getByTestId("verdict").waitFor();
  assert.equal(await page.verdict(), 'not_reachable');
  // Tab into the diagram and open the blocking hop.
  const hop = page.page.locator('[data-testid=path-diagram] [data-component-id="network-firewall"]').first();
  await hop.focus();
  await keyboard.press('Enter');
  assert.match(await page.page.getByTestId('hop-details').textContent(), /FIREWALL_RULES_RESTRICTION/);
  // A bad port gets a message beside its field.
  await page.page.locator('#q-destination-port').fill('70000');
  await page.page.locator('#q-destination-port').press('Enter');
  await page.page.getByText('"70000" is not a port').waitFor();
  assert.deepEqual(page.errors, []);
});

test('no request leaves the page, and axe finds no serious violations', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = new ReachPage(await context.newPage());
  await page.openAt('#demo=10-tls-pass-drop-established-tcp-443');
  const loaded = page.requests.length;
  await page.ask({ source: 'i-0454c90477e2bf220', destination: '93.184.216.34', port: '443' });
  await page.focusHop('network-firewall');
  assert.deepEqual(page.requests.slice(loaded), [], 'requests after the page loaded');
  const origin = new URL(APP_URL).origin;
  assert.deepEqual(page.requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')), []);
  await page.page.evaluate(axeSource);
  const results = await page.page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const run = await axe.run(document, { resultTypes: ['violations'] });
    return run.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.length }));
  });
  const serious = results.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  assert.deepEqual(serious, []);
  await context.close();
});
