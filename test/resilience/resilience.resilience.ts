import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { App } from '../../src/app';
import { Decimal } from '../../src/domain/money';
import type { RefundQuoteJson } from '../../src/domain/quoteContract';
import { createLogger } from '../../src/log';
import { FilingService } from '../../src/services/filing';
import { RedisAuditTrail } from '../../src/store/redis/auditTrail';
import { RedisCapLedger } from '../../src/store/redis/capLedger';
import { RedisLeases } from '../../src/store/redis/leases';
import { RedisRequestStore } from '../../src/store/redis/requestStore';
import { startOwnRedis, type OwnRedis } from '../e2e/ownRedis';
import { StandInConnector } from '../e2e/standInConnector';
import { TeamsClient, AVA, factsOf } from '../e2e/teamsClient';
import { DeskStandIn, deskClient } from './deskStandIn';
import { SANDBOX_CLOCK, startInstance } from './instance';

/**
 * The resilience suite (`npm run test:resilience`): each case on a redis-server of its own (a free port, its own
 * data folder), bot instances over HTTP, Teams through a stand-in connector, the support desk outside every bot
 * process. It shows what holds when Redis freezes or dies, the support desk hangs or fails, a process is killed
 * mid-filing, and two instances take a storm of confirmations.
 */

const CONTACT = {
  firstName: 'Ava',
  lastName: 'Lindqvist',
  email: 'ava@example.com',
  preferredContactMethod: 'email',
  timeZone: 'UTC',
  country: 'SWE',
  language: 'en-us',
  severity: 'minimal',
};
const LIMIT_USD = new Decimal(50000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for something the bot does on its own (the recovery worker's next look); the case's timeout bounds it. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(200);
  }
}

describe('resilience', function () {
  this.timeout(180_000);
  const connector = new StandInConnector();
  const desk = new DeskStandIn();
  let connectorUrl: string;
  let deskUrl: string;
  let redis: OwnRedis | undefined;
  const apps: App[] = [];

  before(async () => {
    connectorUrl = await connector.start();
    deskUrl = await desk.start();
  });
  after(async () => {
    await connector.stop();
    await desk.stop();
  });
  beforeEach(() => {
    desk.behaviour = 'answer';
    desk.onTicketCreated = undefined;
    desk.tickets.clear();
  });
  afterEach(async () => {
    redis?.thaw();
    await Promise.all(apps.splice(0).map((app) => app.close().catch(() => undefined)));
    await redis?.stop();
    redis = undefined;
  });

  async function instance(server: OwnRedis, prefix: string, extra?: Parameters<typeof startInstance>[0]['extraReservations'], env?: Record<string, string>) {
    const started = await startInstance({ redisUrl: server.url, prefix, supportDesk: deskClient(deskUrl), extraReservations: extra, env });
    apps.push(started.app);
    return started;
  }

  async function toConfirmCard(ava: TeamsClient, customer: string, reservation: string): Promise<void> {
    await ava.say(`/refund ${customer}`);
    await ava.say(reservation);
    await ava.click('Continue');
    assert.ok(ava.buttonTitles().includes('File request'), `confirm card for ${reservation}: ${ava.texts().slice(-2).join(' | ')}`);
  }

  const customerId = async (app: App, name: string) => (await app.services.provider.directory.searchCustomers(name, 0, 1)).items[0].id;

  it('Redis frozen mid-turn: the agent gets a bounded answer saying what is certain, and the flow works once Redis is back', async () => {
    redis = await startOwnRedis();
    const server = redis;
    const bot = await instance(server, 'rd-res:');
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await toConfirmCard(ava, 'alder', 'af-sql');

    // Redis freezes in the middle of the filing turn: the cap is reserved, Microsoft creates the ticket, and the
    // request record cannot be written.
    desk.onTicketCreated = () => server.freeze();
    // Redis is thawed only after this answer: without a command deadline the click would wait for ever.
    assert.equal(await ava.click('File request', CONTACT), 200);
    const during = ava.lastText();
    const [ticketKey] = [...desk.tickets.keys()];
    assert.match(
      during,
      new RegExp(`^Microsoft has the support ticket ${desk.tickets.get(ticketKey)!.ticketId} for this request, but storage is not answering`),
    );
    assert.match(during, /retrying is safe/);
    desk.onTicketCreated = undefined;
    server.thaw();

    await ava.click('File request', CONTACT);
    const id = await customerId(bot.app, 'alder');
    const requests = await bot.app.services.requests.listByCustomer(id);
    assert.equal(requests.length, 1, during);
    assert.equal(requests[0].state, 'filed');
    assert.equal(factsOf(ava.lastCard())['Support ticket'], requests[0].ticketId);
    assert.deepEqual([...desk.tickets.keys()], [requests[0].id], 'one ticket, the one created before the freeze');
  });

  it('Redis with AOF killed and restarted after 200 filings: every request record, ledger entry and audit event is still there', async () => {
    redis = await startOwnRedis(['--save', '', '--appendonly', 'yes', '--appendfsync', 'always']);
    const client = new Redis(redis.url, { maxRetriesPerRequest: 20 });
    client.on('error', () => undefined); // refused while the server restarts: expected
    const prefix = 'rd-res:';
    const stores = {
      requests: new RedisRequestStore(client, { prefix }),
      capLedger: new RedisCapLedger(client, { prefix }),
      audit: new RedisAuditTrail(client, { prefix }),
      leases: new RedisLeases(client, { prefix }),
    };
    const filing = new FilingService({
      ...stores,
      supportDesk: deskClient(deskUrl),
      clock: { now: () => new Date(SANDBOX_CLOCK) },
      log: createLogger('silent'),
    });
    try {
      const customers = ['cust-a', 'cust-b', 'cust-c', 'cust-d'];
      const outcomes = [];
      for (let i = 0; i < 200; i++) {
        const refundUsd = new Decimal(100 + i).toFixed(2);
        const quote = {
          kind: 'refund',
          policy: 'csp-2020',
          eligible: true,
          reasons: [],
          currency: 'USD',
          daysSincePurchase: 3,
          termDays: 365,
          usedDays: 4,
          refund: refundUsd,
          refundUsd,
        } as RefundQuoteJson;
        outcomes.push(
          await filing.file({
            request: {
              key: `aof-${i}`,
              kind: 'refund',
              customerId: customers[i % 4],
              customerName: 'Customer',
              customerTenantId: `tenant-${i % 4}`,
              reservationId: `res-${i}`,
              reservationOrderId: `order-${i}`,
              quote,
              capUsd: refundUsd,
              agent: { partnerUserId: 'ava.lindqvist', chatUserId: 'teams:t:ava' },
              origin: { channel: 'teams', conversation: {} },
            },
            ticket: {
              title: 'Refund',
              description: 'Refund',
              severity: 'minimal',
              contact: {
                firstName: 'A',
                lastName: 'L',
                email: 'a@example.com',
                preferredContactMethod: 'email',
                timeZone: 'UTC',
                country: 'SWE',
                language: 'en-us',
              },
            },
          }),
        );
      }
      assert.deepEqual(new Set(outcomes.map((o) => o.outcome)), new Set(['filed']));

      await redis.restart();

      for (const [i, outcome] of outcomes.entries()) {
        const record = await stores.requests.get(outcome.record.id);
        assert.equal(record?.state, 'filed', `request ${i}`);
        assert.equal(record?.ticketId, outcome.record.ticketId);
      }
      const entries = (await Promise.all(customers.map((c) => stores.capLedger.entries(c)))).flat();
      assert.equal(entries.length, 200);
      assert.ok(entries.every((e) => e.state === 'reserved'));
      assert.equal(entries.reduce((sum, e) => sum.plus(e.amountUsd), new Decimal(0)).toFixed(2), new Decimal(200 * 100 + (199 * 200) / 2).toFixed(2));
      assert.equal((await stores.audit.list({ type: 'filed', limit: 1000 })).length, 200);
    } finally {
      client.disconnect();
    }
  });

  it('the support desk refusing while filing: the cap is released and the agent told', async () => {
    redis = await startOwnRedis();
    const bot = await instance(redis, 'rd-res:');
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await toConfirmCard(ava, 'alder', 'af-sql');
    desk.behaviour = 'refuse';
    await ava.click('File request', CONTACT);
    assert.match(ava.lastText(), /refused the request\. The customer's refund cap is unchanged/);
    const id = await customerId(bot.app, 'alder');
    const [request] = await bot.app.services.requests.listByCustomer(id);
    assert.equal(request.state, 'failed');
    assert.deepEqual(
      (await bot.app.services.capLedger.entries(id)).map((e) => e.state),
      ['released'],
    );
  });

  for (const [behaviour, ending] of [
    ['create-then-hang', 'filed'],
    ['hang-before-creating', 'failed'],
  ] as const) {
    it(`the support desk hanging while filing (${behaviour}): the request is finished by recovery (${ending}) and the agent told`, async () => {
      redis = await startOwnRedis();
      const bot = await instance(redis, 'rd-res:');
      const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
      await toConfirmCard(ava, 'alder', 'af-sql');
      desk.behaviour = behaviour;
      await ava.click('File request', CONTACT);
      assert.match(ava.lastText(), /not certain the request reached Microsoft\. The customer's refund cap stays reserved/);
      desk.behaviour = 'answer';

      const id = await customerId(bot.app, 'alder');
      const request = await eventually(async () => (await bot.app.services.requests.listByCustomer(id)).find((r) => r.state !== 'filing'));
      assert.equal(request.state, ending);
      const [entry] = await bot.app.services.capLedger.entries(id);
      assert.equal(entry.state, ending === 'filed' ? 'reserved' : 'released');
      const told = await eventually(async () => ava.texts().find((t) => /was interrupted/.test(t)));
      if (ending === 'filed') {
        assert.match(told, /Microsoft has it, so it is now filed/);
        assert.equal(factsOf(ava.lastCard())['Support ticket'], request.ticketId);
      } else {
        assert.match(told, /nothing was filed and the customer's refund cap is as it was before/);
      }
      const audit = await bot.app.services.audit.list({ customerId: id });
      assert.ok(audit.some((e) => e.detail?.finishedBy === 'filing-recovery' && e.type === (ending === 'filed' ? 'filed' : 'filing-failed')));
    });
  }

  it('a process killed between the ticket and the record: another instance recovers the request and tells the agent', async () => {
    redis = await startOwnRedis();
    const prefix = 'rd-res:';
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'botProcess.ts')], {
      env: { ...process.env, REDIS_URL: redis.url, REDIS_KEY_PREFIX: prefix, DESK_URL: deskUrl, DIE_AFTER_TICKET: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const childUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening (http:\/\/\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`the bot process exited before listening: ${out}`)));
    });

    const ava = new TeamsClient(childUrl, connector, connectorUrl, AVA);
    await toConfirmCard(ava, 'alder', 'af-sql');
    await ava.click('File request', CONTACT).catch(() => 0); // the process dies with the request open
    assert.equal(await exited, 'SIGKILL');
    assert.equal(desk.tickets.size > 0, true);

    const survivor = await instance(redis, prefix);
    const id = await customerId(survivor.app, 'alder');
    const request = await eventually(async () => (await survivor.app.services.requests.listByCustomer(id)).find((r) => r.state === 'filed'));
    assert.equal(request.ticketId, desk.tickets.get(request.id)?.ticketId);
    assert.deepEqual(
      (await survivor.app.services.capLedger.entries(id)).map((e) => [e.requestId, e.state]),
      [[request.id, 'reserved']],
    );
    const told = await eventually(async () => ava.texts().find((t) => /was interrupted/.test(t)));
    assert.match(told, /so it is now filed/);
    assert.equal(factsOf(ava.lastCard())['Support ticket'], request.ticketId);
  });

  it('two instances, 1,000 simultaneous confirmations over 100 requests: 100 filings, the cap never exceeded, receipts consistent with the ledger', async () => {
    redis = await startOwnRedis();
    const prefix = 'rd-res:';
    // 100 small reservations of one customer, each worth a little under 500 USD: together just within the cap.
    const extra: Parameters<typeof startInstance>[0]['extraReservations'] = async (sandbox) => {
      const alder = (await sandbox.directory.searchCustomers('alder', 0, 1)).items[0].id;
      const template = (await sandbox.reservations.listReservations(alder)).find((r) => r.displayName === 'af-sql-gp8')!;
      return Array.from({ length: 100 }, (_, i) => ({
        ...template,
        reservationId: `${template.reservationId.slice(0, -12)}${String(100000000000 + i)}`,
        reservationOrderId: `${template.reservationOrderId.slice(0, -12)}${String(100000000000 + i)}`,
        displayName: `load-r${i}z`,
        totalCommitment: new Decimal(1000 + i),
        paidToDate: new Decimal(1000 + i),
      }));
    };
    // This case is about concurrency, not deadlines: a thousand turns at once on two busy cores queue Redis commands
    // for seconds, and a 1 s deadline would (rightly) answer "storage is not answering" to some of them.
    const patient = { REDIS_COMMAND_TIMEOUT_MS: '15000' };
    const instances = [await instance(redis, prefix, extra, patient), await instance(redis, prefix, extra, patient)];
    const id = await customerId(instances[0].app, 'alder');

    const agents = Array.from({ length: 100 }, (_, i) => new TeamsClient(instances[i % 2].url, connector, connectorUrl, AVA));
    for (let batch = 0; batch < 100; batch += 10) {
      await Promise.all(agents.slice(batch, batch + 10).map((ava, j) => toConfirmCard(ava, 'alder', `load-r${batch + j}z`)));
    }
    const clicks = agents.flatMap((ava, i) => {
      const click = ava.clickActivity('File request', CONTACT);
      return Array.from({ length: 10 }, (_, k) => ({
        via: new TeamsClient(instances[(i + k) % 2].url, connector, connectorUrl, AVA, ava.conversationId),
        activity: { ...click, id: `${String(click.id)}-${k}` },
      }));
    });
    const statuses = await Promise.all(clicks.map(({ via, activity }) => via.post(activity)));
    assert.deepEqual(new Set(statuses), new Set([200]));

    const requests = await instances[0].app.services.requests.listByCustomer(id, 1000);
    const unanswered = agents.filter((ava) => !ava.cards().some((c) => JSON.stringify(c).includes('Refund request filed')));
    assert.equal(requests.length, 100, unanswered.map((ava) => ava.texts().slice(-2).join(' | ')).join('\n'));
    assert.ok(requests.every((r) => r.state === 'filed'));
    assert.equal(new Set(requests.map((r) => r.ticketId)).size, 100);
    assert.equal(requests.filter((r) => desk.tickets.get(r.id)?.ticketId === r.ticketId).length, 100);

    const entries = (await instances[0].app.services.capLedger.entries(id)).filter((e) => e.state !== 'released');
    const consumed = await instances[1].app.services.capLedger.consumed(id, new Date(SANDBOX_CLOCK));
    assert.equal(entries.length, 100);
    assert.ok(consumed.lte(LIMIT_USD), `consumed ${consumed.toFixed(2)}`);

    // One receipt per conversation, and their cap figures chain exactly as the ledger granted them.
    const receipts = agents.map((ava) =>
      ava
        .cards()
        .filter((c) => JSON.stringify(c).includes('Refund request filed'))
        .map(factsOf),
    );
    assert.deepEqual(
      receipts.map((r) => r.length),
      Array(100).fill(1),
    );
    const byTicket = new Map(requests.map((r) => [r.ticketId, r]));
    const shown = receipts
      .map(([facts]) => ({
        consumed: new Decimal(facts['Cap consumed'].replace(/[^0-9.]/g, '')),
        after: facts['Cap remaining'].split(' before, ')[1],
        usd: new Decimal(byTicket.get(facts['Support ticket'])!.capUsd),
      }))
      .sort((a, b) => a.consumed.comparedTo(b.consumed));
    let counted = new Decimal(0);
    for (const receipt of shown) {
      assert.equal(receipt.consumed.toFixed(2), counted.toFixed(2));
      counted = counted.plus(receipt.usd);
      assert.equal(receipt.after.replace(/[^0-9.]/g, ''), LIMIT_USD.minus(counted).toFixed(2));
    }
    assert.equal(counted.toFixed(2), consumed.toFixed(2));
  });
});
