import assert from 'node:assert/strict';
import type { App } from '../../src/app';
import { signCreditsWebhook } from '../../src/notify/webhook';
import type { RequestRecord } from '../../src/ports/requestStore';
import { dropPrefix, startBot, testPrefix } from '../e2e/teamsApp';
import { filedRequest } from './fixtures';

const SECRET = 'test-secret-0123456789abcdef';

describe('POST /api/credits over HTTP', function () {
  this.timeout(30000);
  const prefix = testPrefix();
  let bot: { app: App; url: string };
  let record: RequestRecord;

  before(async () => {
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, CREDITS_WEBHOOK_SECRET: SECRET, CREDIT_POLL_SECONDS: '3600' });
    await bot.app.notifications.stop();
  });
  after(async () => {
    await bot.app.close();
    await dropPrefix(prefix);
  });
  beforeEach(async () => {
    record = await filedRequest(bot.app.services.requests, bot.app.services.capLedger);
  });

  async function post(body: string, options: { timestamp?: number; secret?: string; signature?: string } = {}): Promise<number> {
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = options.signature ?? signCreditsWebhook(options.secret ?? SECRET, timestamp, body);
    const res = await fetch(`${bot.url}/api/credits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-desk-timestamp': timestamp, 'x-desk-signature': signature },
      body,
    });
    await res.text();
    return res.status;
  }
  const bodyFor = (r: RequestRecord) => JSON.stringify({ ticketId: r.ticketId, amount: '5135.35', currency: 'EUR', creditedAt: '2026-03-10T13:00:00Z' });
  const stateOf = async () => (await bot.app.services.requests.get(record.id))?.state;

  it('credits a request on a valid signed body, queues one notice, and answers a replay 200 without changing anything', async () => {
    const body = bodyFor(record);
    const timestamp = Math.floor(Date.now() / 1000);
    assert.equal(await post(body, { timestamp }), 200);
    assert.equal(await stateOf(), 'credited');
    const audits = (await bot.app.services.audit.list({ type: 'credited' })).filter((e) => e.requestId === record.id).length;
    assert.equal(await post(body, { timestamp }), 200);
    assert.equal((await bot.app.services.audit.list({ type: 'credited' })).filter((e) => e.requestId === record.id).length, audits);
    const queued = (await bot.app.notifications.queue.readNew('test', 100)).filter((e) => e.notification.requestId === record.id);
    assert.equal(queued.length, 1);
  });

  it('refuses a bad signature (401) and changes nothing', async () => {
    assert.equal(await post(bodyFor(record), { secret: 'another-secret-0123456789' }), 401);
    assert.equal(await post(bodyFor(record), { signature: 'nothex' }), 401);
    assert.equal(await stateOf(), 'filed');
  });

  it('refuses a timestamp outside the 5-minute window, past or future (401)', async () => {
    const now = Math.floor(Date.now() / 1000);
    assert.equal(await post(bodyFor(record), { timestamp: now - 6 * 60 }), 401);
    assert.equal(await post(bodyFor(record), { timestamp: now + 6 * 60 }), 401);
    assert.equal(await stateOf(), 'filed');
  });

  it('answers malformed JSON and bad fields 400, an oversized body 413, an unknown ticket 404', async () => {
    assert.equal(await post('{not json'), 400);
    assert.equal(await post(JSON.stringify({ ticketId: record.ticketId, amount: -5, currency: 'EUR', creditedAt: '2026-03-10T13:00:00Z' })), 400);
    assert.equal(await post(JSON.stringify({ pad: 'x'.repeat(65 * 1024) })), 413);
    assert.equal(await post(JSON.stringify({ ticketId: 'T-nope', amount: '1.00', currency: 'EUR', creditedAt: '2026-03-10T13:00:00Z' })), 404);
    assert.equal(await stateOf(), 'filed');
  });

  it('refuses a credit that does not fit its request (422) and changes nothing: another currency, more than requested, before filing', async () => {
    const ledgerBefore = (await bot.app.services.capLedger.consumed(record.customerId, new Date('2026-03-10T13:00:00Z'))).toFixed(2);
    for (const credit of [
      { amount: '5135.35', currency: 'JPY', creditedAt: '2026-03-10T13:00:00Z' },
      { amount: '99999999.99', currency: 'EUR', creditedAt: '2026-03-10T13:00:00Z' },
      { amount: '5135.351', currency: 'EUR', creditedAt: '2026-03-10T13:00:00Z' },
      { amount: '5135.35', currency: 'EUR', creditedAt: '1970-01-01T00:00:00Z' },
    ]) {
      assert.equal(await post(JSON.stringify({ ticketId: record.ticketId, ...credit })), 422, JSON.stringify(credit));
    }
    assert.equal(await stateOf(), 'filed');
    assert.equal((await bot.app.services.capLedger.consumed(record.customerId, new Date('2026-03-10T13:00:00Z'))).toFixed(2), ledgerBefore);
    const refused = (await bot.app.services.audit.list({ type: 'credit-refused' })).filter((e) => e.requestId === record.id);
    assert.equal(refused.length, 4, 'each refused webhook credit is audited for review');
  });
});
