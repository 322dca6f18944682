import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { quoteRefund } from '../../src/services/quoting';
import { money } from '../../src/cards/format';

const CHROMIUM = '/usr/bin/chromium';
const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';
const ROOT = path.resolve(__dirname, '../..');

/** The facts (title → value) of the newest card on the page that has a fact set. */
async function lastFacts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const sets = Array.from(document.querySelectorAll('.card .ac-factset'));
    const facts: Record<string, string> = {};
    const last = sets[sets.length - 1];
    if (!last) return facts;
    for (const row of Array.from(last.querySelectorAll('tr'))) {
      const title = row.querySelector('.ac-fact-title');
      const value = row.querySelector('.ac-fact-value');
      if (title && value) facts[(title.textContent ?? '').trim()] = (value.textContent ?? '').trim();
    }
    return facts;
  });
}

describe('browser: the playground page runs a full refund', function () {
  this.timeout(60000);
  let app: App;
  let browser: BrowserContext;
  let profileDir: string;
  /** The app listens once for both tests (a restify server cannot listen twice). */
  let port: number;

  before(async function () {
    if (!existsSync(CHROMIUM) && !process.env.CI) {
      this.skip();
      return;
    }
    // In-memory state (no REDIS_URL); no Bot Framework credentials, so the playground is on.
    // The sandbox clock starts at SANDBOX_CLOCK and runs, so the simulated back office credits the refund.
    app = await createApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        SANDBOX_CLOCK,
        SANDBOX_CLOCK_MODE: 'running',
        SANDBOX_CREDIT_DELAY_MS: '1000',
        CREDIT_POLL_SECONDS: '1',
      }),
    );
    ({ port } = await app.listen());
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'rd-chromium-'));
    // A fresh profile directory per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1000, height: 1100 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it("picks Ava, quotes af-sql-gp8 with the policy engine's figures, files it and shows the ticket", async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('pageerror', (err) => failures.push(err.message));
    page.on('requestfailed', (req) => {
      // Choosing a user opens a new conversation and closes the previous event stream: that abort is expected.
      if (req.url().includes('/playground/api/events') && req.failure()?.errorText === 'net::ERR_ABORTED') return;
      failures.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`);
    });
    await page.goto(`http://127.0.0.1:${port}/`);

    await page.selectOption('#user', 'ava.lindqvist');
    await page.locator('#roles').filter({ hasText: 'Admin agent' }).waitFor();
    const input = page.locator('#text');
    await input.fill('/refund alder');
    await input.press('Enter');

    await page.getByRole('button', { name: 'Choose af-sql-gp8' }).click();
    await page.locator('.card', { hasText: 'Refund quote' }).getByRole('button', { name: 'Continue' }).waitFor();

    const customer = (await app.services.provider.directory.searchCustomers('alder', 0, 1)).items[0];
    const reservation = (await app.services.provider.reservations.listReservations(customer.id)).find((r) => r.displayName === 'af-sql-gp8')!;
    const { json: expected } = await quoteRefund(app.services, reservation, new Date(SANDBOX_CLOCK));
    const quote = await lastFacts(page);
    assert.equal(quote.Credit, money(expected.credit, 'EUR'));
    assert.equal(quote['Early termination fee'], `${money(expected.fee, 'EUR')} (12%)`);
    assert.equal(quote.Refund, `${money(expected.refund, 'EUR')} (${money(expected.refundUsd, 'USD')})`);

    await page.getByRole('button', { name: 'Continue' }).click();
    const confirm = page.locator('.card', { hasText: 'Your contact details' });
    await confirm.getByRole('button', { name: 'File request' }).waitFor();
    // The quote card was answered: replaced in place, its buttons gone.
    assert.equal(await page.getByRole('button', { name: 'Continue' }).count(), 0);
    await confirm.getByLabel('First name').fill('Ava');
    await confirm.getByLabel('Last name').fill('Lindqvist');
    await confirm.getByRole('textbox', { name: 'Email' }).fill('ava@example.com');
    await confirm.getByLabel('Time zone').fill('W. Europe Standard Time');
    await confirm.getByLabel(/^Country/).fill('SWE');
    await confirm.getByLabel(/^Language/).fill('en-us');
    await confirm.getByRole('button', { name: 'File request' }).click();

    await page.locator('.card', { hasText: 'Refund request filed' }).waitFor();
    const receipt = await lastFacts(page);
    assert.match(receipt['Support ticket'], /^\d{16}$/);
    const [request] = await app.services.requests.listByCustomer(customer.id);
    assert.equal(request.ticketId, receipt['Support ticket']);

    // The credit arrives unprompted in the open conversation (exactly-once delivery is tested in test/notify).
    const notice = page.locator('.card', { hasText: 'Refund credited' });
    await notice.waitFor({ timeout: 15_000 });
    assert.match(await notice.innerText(), /Now refund your customer/);
    assert.equal((await app.services.requests.get(request.id))?.state, 'credited');
    assert.equal(await notice.count(), 1);
    assert.deepEqual(failures, []);

    const outputDir = path.join(ROOT, 'test-output');
    mkdirSync(outputDir, { recursive: true });
    const shot = path.join(outputDir, 'playground-refund.png');
    await page.screenshot({ path: shot, fullPage: true });
    // The README's picture (docs/images/playground-refund.png) is refreshed by copying this file by hand:
    // a test run must not change tracked files.
  });

  it('answers in German once Deutsch is chosen in the language selector, and sends that choice as the locale', async () => {
    const page = await browser.newPage();
    const locales: unknown[] = [];
    page.on('request', (req) => {
      if (req.url().endsWith('/playground/api/messages')) locales.push((req.postDataJSON() as { locale?: unknown }).locale);
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.selectOption('#user', 'ava.lindqvist');
    await page.locator('#roles').filter({ hasText: 'Admin agent' }).waitFor();
    await page.getByLabel('Bot language').selectOption({ label: 'Deutsch' });
    const input = page.locator('#text');
    await input.fill('/refund');
    await input.press('Enter');
    await page.locator('.card', { hasText: 'Kunden wählen' }).waitFor();
    assert.deepEqual(locales, ['de-DE']);
    await page.getByLabel('Bot language').selectOption({ label: 'English' });
    await input.fill('cancel');
    await input.press('Enter');
    await page.locator('.message', { hasText: 'Cancelled the /refund flow' }).waitFor();
    assert.deepEqual(locales, ['de-DE', 'en-US']);
  });
});
