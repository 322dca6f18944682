import assert from 'node:assert/strict';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createSandboxProvider } from '../../src/providers/sandbox';
import type { Ticket, TicketRequest } from '../../src/ports/supportDesk';
import { startOwnRedis, type OwnRedis } from './ownRedis';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, CONTACT, factsOf } from './teamsClient';

const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';

/**
 * Issue 12 item 1: a Redis that stops answering (SIGSTOP: its socket stays open, nothing comes back) on a server of
 * this file's own. Every turn answers while Redis is still frozen (the HTTP request returns before the test thaws
 * it: without command deadlines it would hang for as long as the freeze), says only what is certain, and leaves
 * nothing half done: once Redis answers again, the same click finishes the request, exactly once.
 */
describe('e2e: Redis frozen mid-turn (a redis-server of its own)', function () {
  this.timeout(60000);
  const connector = new StandInConnector();
  let connectorUrl: string;
  let redis: OwnRedis;
  let app: App;
  let url: string;
  /** Set by a test: runs once, at that point of the next filing (the support desk stays in process). */
  let onTicketFiled: (() => void) | undefined;
  let onReservationRead: (() => void) | undefined;
  let tickets = 0;

  before(async () => {
    connectorUrl = await connector.start();
    redis = await startOwnRedis();
  });
  after(async () => {
    await connector.stop();
    await redis.stop();
  });
  beforeEach(async () => {
    const provider = createSandboxProvider({ now: SANDBOX_CLOCK });
    const fileTicket = provider.supportDesk.fileTicket.bind(provider.supportDesk);
    provider.supportDesk.fileTicket = async (request: TicketRequest): Promise<Ticket> => {
      const ticket = await fileTicket(request);
      tickets += 1;
      onTicketFiled?.();
      onTicketFiled = undefined;
      return ticket;
    };
    const getReservation = provider.reservations.getReservation.bind(provider.reservations);
    provider.reservations.getReservation = async (customerId: string, reservationId: string) => {
      const found = await getReservation(customerId, reservationId);
      onReservationRead?.();
      onReservationRead = undefined;
      return found;
    };
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `outage-${Date.now()}:`,
      REDIS_COMMAND_TIMEOUT_MS: '500',
      SANDBOX_CLOCK,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    });
    app = await createApp(config, { provider });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
    tickets = 0;
  });
  afterEach(async () => {
    redis.thaw();
    await app.close();
  });

  const customerId = async () => (await app.services.provider.directory.searchCustomers('alder', 0, 1)).items[0].id;

  async function toConfirmCard(ava: TeamsClient): Promise<void> {
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    await ava.click('Continue');
    assert.match(JSON.stringify(ava.lastCard()), /Confirm the refund request/);
  }

  it('answers a turn that cannot reach Redis, then works again once Redis answers', async () => {
    const ava = new TeamsClient(url, connector, connectorUrl, AVA);
    redis.freeze();
    assert.equal(await ava.say('/refund alder'), 200);
    assert.equal(ava.lastText(), 'Storage is not answering; nothing was filed. Please try again in a minute.');
    redis.thaw();
    await ava.say('/refund alder');
    assert.match(ava.lastText(), /Customer: Alder & Finch Logistics/);
  });

  it('answers a German Teams client in German when Redis does not answer (before its /language choice could be read)', async () => {
    const ava = new TeamsClient(url, connector, connectorUrl, AVA);
    redis.freeze();
    assert.equal(await ava.post(ava.activity({ text: '/erstattung alder', locale: 'de-DE' })), 200);
    assert.equal(ava.lastText(), 'Der Speicher antwortet nicht; es wurde nichts eingereicht. Bitte versuchen Sie es in einer Minute erneut.');
  });

  it('says nothing was sent to Microsoft when Redis stops before the ticket; a retry finds the request being filed, never a second one', async () => {
    const ava = new TeamsClient(url, connector, connectorUrl, AVA);
    await toConfirmCard(ava);
    // Frozen after the reservation is read. The turn's own reads (the request key's record, the cap entries) came with
    // its start, so the next command is the filing's first script (request, lease, cap reserve): it reaches the frozen
    // Redis, times out for the turn, and runs when Redis resumes.
    onReservationRead = () => redis.freeze();
    const click = ava.clickActivity('File request', CONTACT);
    assert.equal(await ava.post(click), 200);
    assert.equal(
      ava.lastText(),
      'Storage is not answering, so this request was not filed: nothing was sent to Microsoft. Click "File request" again in a minute: retrying is safe, a request is never filed twice and its refund cap is counted once.',
    );
    assert.equal(tickets, 0);
    redis.thaw();
    assert.ok(ava.buttonTitles().includes('File request'), 'the card keeps its buttons');
    await ava.post({ ...click, id: 'clicked-again' });
    // The request exists, `filing`, its lease held by the turn that lost its answer: the retry files nothing and says
    // so; once the lease runs out, FilingRecovery settles it by the ticket's name (test/services/filingRecovery.test.ts).
    assert.equal(ava.lastText(), 'This request is being filed right now. Type /requests in a moment to see it and its ticket.');
    assert.equal(tickets, 0, 'no ticket: Microsoft was never asked');
    const requests = await app.services.requests.listByCustomer(await customerId());
    assert.deepEqual(
      requests.map((r) => r.state),
      ['filing'],
    );
    const consumed = await app.services.capLedger.consumed(await customerId(), new Date(SANDBOX_CLOCK));
    assert.equal(consumed.toFixed(2), requests[0].capUsd, 'the cap counts the request once');
  });

  it('names the ticket Microsoft has when Redis stops right after it, and the same click records it without a second ticket', async () => {
    const ava = new TeamsClient(url, connector, connectorUrl, AVA);
    await toConfirmCard(ava);
    onTicketFiled = () => redis.freeze();
    const click = ava.clickActivity('File request', CONTACT);
    assert.equal(await ava.post(click), 200);
    const told =
      /^Microsoft has the support ticket (\d{16}) for this request, but storage is not answering, so it is not recorded here yet\. Click "File request" again in a minute: retrying is safe/.exec(
        ava.lastText(),
      );
    assert.ok(told, ava.lastText());
    redis.thaw();
    await ava.post({ ...click, id: 'clicked-again' });
    assert.equal(factsOf(ava.lastCard())['Support ticket'], told[1]);
    const requests = await app.services.requests.listByCustomer(await customerId());
    assert.deepEqual(
      requests.map((r) => [r.state, r.ticketId]),
      [['filed', told[1]]],
    );
    // The write recording the ticket (one script: filed, audit, lease) had reached the frozen Redis and ran when it
    // resumed, before the retry's first command on the same connection: the retry finds the request filed and asks
    // Microsoft nothing. (Had it not reached Redis, the retry would ask again and get the same ticket by request key.)
    assert.equal(tickets, 1, 'one ticket, and the retry did not ask for another');
    assert.deepEqual(
      (await app.services.audit.list({ type: 'filed' })).map((e) => e.detail?.ticketId),
      [told[1]],
    );
    const consumed = await app.services.capLedger.consumed(await customerId(), new Date(SANDBOX_CLOCK));
    assert.equal(consumed.toFixed(2), requests[0].capUsd, 'the cap counts the request once');
  });
});
