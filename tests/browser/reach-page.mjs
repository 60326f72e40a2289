// A page object for Reach's web page: one method per user action, elements found by role,
// label, visible text or the published data-testid hooks (never by markup or framework markers).
import { chromium } from 'playwright-core';

export const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:8080/';

/** Starts the system Chromium (installed from apt; playwright-core downloads no browser). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

export class ReachPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    /** Console errors and uncaught exceptions (a wasm start-up failure lands here). */
    this.errors = [];
    /** Every request the page made; after the first load there must be none. */
    this.requests = [];
    page.on('pageerror', (error) => this.errors.push(`pageerror: ${error}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(`console: ${message.text()}`);
    });
    page.on('request', (request) => this.requests.push(request.url()));
  }

  /** Opens the page and waits until the app is mounted and its worker has started (or failed). */
  async open() {
    await this.page.goto(APP_URL);
    await this.page.getByRole('button', { name: 'Load demo' }).waitFor({ timeout: 30_000 });
    await this.page.locator('main[data-engine="ready"], main[data-engine="failed"]').waitFor({ timeout: 30_000 });
  }

  /** Clicks "Load demo" and waits until the demo's files are listed. */
  async loadDemo() {
    await this.page.getByRole('button', { name: 'Load demo' }).click();
    await this.idle();
    await this.page.getByTestId('notice').getByText('Loaded the seed-lab demo.').waitFor();
  }

  /** Chooses files through the "Choose files" input and waits until all are listed. */
  async uploadFiles(paths) {
    const before = await this.loadedFileCount();
    await this.page.getByLabel('Choose files').setInputFiles(paths);
    await this.idle();
    await this.page.getByTestId('notice').getByText(/^Added \d+ files?\./).waitFor();
    return (await this.loadedFileCount()) - before;
  }

  /** Types text into "Paste JSON" and clicks "Add pasted JSON". */
  async paste(text) {
    await this.page.getByLabel('Paste JSON').fill(text);
    await this.page.getByRole('button', { name: 'Add pasted JSON' }).click();
    await this.idle();
    await this.page.getByTestId('notice').getByText(/^Added pasted /).waitFor();
  }

  /** The names of the loaded files, in the page's order. */
  async fileNames() {
    return this.page.getByRole('table', { name: 'Loaded files' }).locator('tbody tr td:first-child').allTextContents();
  }

  /** Clicks the "Remove" button of one loaded file. */
  async removeFile(name) {
    await this.page.getByRole('button', { name: `Remove ${name}`, exact: true }).click();
    await this.idle();
    await this.page.getByTestId('notice').getByText(`Removed ${name}.`).waitFor();
  }

  /** The number the counts table shows for one key (`subnets`). */
  async count(key) {
    const text = await this.page.getByTestId(`count-${key}`).textContent();
    return Number(text.trim());
  }

  /** The whole counts table, as `{ key: number }`, in the page's order. */
  async counts() {
    return this.page.locator('[data-testid^="count-"]').evaluateAll((cells) =>
      Object.fromEntries(
        cells.map((cell) => [cell.dataset.testid.slice('count-'.length), Number(cell.textContent.trim())]),
      ),
    );
  }

  /** How many files the page lists as loaded. */
  async loadedFileCount() {
    return Number((await this.page.getByTestId('loaded-file-count').textContent()).trim());
  }

  /** The input errors the page lists (empty when there are none). */
  async inputErrors() {
    return this.page.getByTestId('errors').locator('li').allTextContents();
  }

  /** Opens the page at a fragment (`#demo=…`, `#s=…`) and waits until the app is mounted. */
  async openAt(fragment) {
    // A new fragment on the same document would not reload it: go to a blank page first.
    await this.page.goto('about:blank');
    await this.page.goto(`${APP_URL}${fragment}`);
    await this.page.getByRole('button', { name: 'Load demo' }).waitFor({ timeout: 30_000 });
    await this.page.locator('main[data-engine="ready"]').waitFor({ timeout: 30_000 });
    await this.idle();
  }

  /** Waits until the worker has answered every request the page made (`aria-busy` is off). */
  async idle() {
    await this.page.locator('main[aria-busy="false"]').waitFor({ timeout: 30_000 });
  }

  /** Fills the question form and submits it with the Analyze button. */
  async ask({ source, destination, port = '' }) {
    await this.page.locator('#q-source').fill(source);
    await this.page.locator('#q-destination').fill(destination);
    await this.page.locator('#q-destination-port').fill(port);
    await this.page.getByRole('button', { name: 'Analyze' }).click();
    await this.idle();
    await this.page.getByTestId('verdict').waitFor();
  }

  /** The verdict, as `Reach.Verdict` prints it. */
  async verdict() {
    return this.page.getByTestId('verdict').getAttribute('data-verdict');
  }

  /** The component ids of the diagram's hops, in document order (forward lane first). */
  async hops() {
    return this.page.locator('[data-testid=path-diagram] [data-component-id]').evaluateAll((nodes) =>
      nodes.map((node) => node.dataset.componentId),
    );
  }

  /** Opens a hop's details by clicking it (the forward lane's, when both lanes have it). */
  async focusHop(id) {
    await this.page.locator(`[data-testid=path-diagram] [data-component-id="${id}"]`).first().click();
    await this.page.getByTestId('hop-details').getByText(id).first().waitFor();
  }

  /** Clicks "Download JSON" and returns the downloaded answer. */
  async downloadedJson() {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }

  /** Adds files given as `{ name, text }` through the file picker. */
  async uploadNamed(files) {
    await this.page.getByLabel('Choose files').setInputFiles(
      files.map(({ name, text }) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) })),
    );
    await this.idle();
    await this.page.getByTestId('notice').getByText(/^Added \d+ files?\./).waitFor();
  }

  async screenshot(path) {
    await this.page.screenshot({ path, fullPage: true });
  }
}
