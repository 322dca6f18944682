import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import type { App } from '../../src/app';
import { keysUnder } from '../../src/store/redis/keyspace';
import { quoteExchange, quoteRefund } from '../../src/services/quoting';
import { Decimal } from '../../src/domain/money';
import type { QuoteJson } from '../../src/domain/quoteContract';
import { auditAmounts } from '../../src/services/auditAmounts';
import type { ReplacementChoice } from '../../src/services/ticketText';
import { storedQuote, storedReplacement } from '../../dialogs/flowState';
import { replacementChoiceOf } from '../../dialogs/shownQuote';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, CONTACT } from './teamsClient';
import { dropPrefix, REDIS_URL, startBot, testPrefix } from './teamsApp';

/** What a turn leaves in Redis and at the connector: small dialog state, small answered cards. */
describe('e2e: the turn path, with state in Redis', function () {
  this.timeout(30000);
  const connector = new StandInConnector();
  const redis = new Redis(REDIS_URL);
  let connectorUrl: string;
  let prefix: string;
  let bot: { app: App; url: string };

  before(async () => {
    connectorUrl = await connector.start();
  });
  after(async () => {
    await connector.stop();
    redis.disconnect();
  });
  beforeEach(async () => {
    prefix = testPrefix();
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK: '2026-06-15T10:00:00Z' });
  });
  afterEach(async () => {
    await bot.app.close();
    await dropPrefix(prefix);
  });

  /** The stored conversation state (JSON) of the one conversation under this test's prefix. */
  const conversationState = async (): Promise<string> => {
    const keys = await keysUnder(redis, `${prefix}bot:state:`);
    assert.equal(keys.length, 1, 'one conversation state');
    return (await redis.hget(keys[0], 'value')) ?? '';
  };

  it('keeps ids and choices in the conversation state, not the card: at most 1 KB after /refund', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    assert.equal(await ava.say('/refund'), 200);
    const state = await conversationState();
    assert.ok(Buffer.byteLength(state) <= 1024, `conversation state is ${Buffer.byteLength(state)} bytes`);
    // The picker's buttons (names and domains) are on the card, not in the state.
    assert.ok(!state.includes('onmicrosoft.com'), 'no customer domains in the state');
    assert.ok(!state.includes('"data"'), 'no card data in the state');
  });

  /** Bytes of the stored conversation state after each step, with the step's name; every step must be ≤ 1 KB. */
  const stateAtEachStep = async (steps: Array<[string, () => Promise<number>]>): Promise<Array<[string, number]>> => {
    const sizes: Array<[string, number]> = [];
    for (const [name, step] of steps) {
      assert.equal(await step(), 200, name);
      sizes.push([name, Buffer.byteLength(await conversationState())]);
    }
    return sizes;
  };

  /**
   * Names as long as they come: a customer name of 80 characters (all a card shows of it), a reservation name of
   * Azure's 64 (DISPLAY_NAME_MAX), and activity ids of 64 characters (Teams' own, `1:1…` in a personal chat, run to
   * about 50; the stand-in's are `act-N`). Set on the sandbox's answers, as a tenant with such names would give them.
   */
  const LONG_CUSTOMER = 'Alder & Finch Logistics Intercontinental Freight Forwarding & Warehousing Holdings';
  const longReservation = (name: string) => `${name}-${'reserved-capacity-west-europe-production'}`.slice(0, 64);
  const useLongNames = (): void => {
    const { directory, reservations } = bot.app.services.provider;
    const search = directory.searchCustomers.bind(directory);
    const getCustomer = directory.getCustomer.bind(directory);
    const renamed = <C extends { name: string }>(c: C): C => (c.name.startsWith('Alder') ? { ...c, name: LONG_CUSTOMER.slice(0, 80) } : c);
    directory.searchCustomers = async (...args) => {
      const page = await search(...args);
      return { ...page, items: page.items.map(renamed) };
    };
    directory.getCustomer = async (id) => {
      const customer = await getCustomer(id);
      return customer && renamed(customer);
    };
    const list = reservations.listReservations.bind(reservations);
    const get = reservations.getReservation.bind(reservations);
    reservations.listReservations = async (customerId) => (await list(customerId)).map((r) => ({ ...r, displayName: longReservation(r.displayName) }));
    reservations.getReservation = async (customerId, reservationId) => {
      const r = await get(customerId, reservationId);
      return r && { ...r, displayName: longReservation(r.displayName) };
    };
    connector.activityIdOf = (n) => `1:1${String(n).padStart(4, '0')}${'Xq7_bN2kLw9sRt4YvZ8mHc3PdF6gJ1aUe5iOo0yTx'.repeat(2)}`.slice(0, 64);
  };
  afterEach(() => {
    connector.activityIdOf = (n) => `act-${n}`;
  });

  /** The button of the last card whose title starts so (long names are cut on buttons). */
  const buttonStarting = (client: TeamsClient, start: string): string =>
    client
      .buttonTitles()
      .filter((title) => title.startsWith(start))
      .at(-1)!;

  const refundSteps = (ava: TeamsClient): Array<[string, () => Promise<number>]> => [
    ['/refund', () => ava.say('/refund')],
    ['customer', () => ava.click(buttonStarting(ava, 'Alder & Finch Logistics'))],
    ['reservation → quote', () => ava.click(buttonStarting(ava, 'Choose af-sql-gp8'))],
    ['continue → confirm', () => ava.click('Continue')],
    ['file', () => ava.click('File request', CONTACT)],
  ];
  const exchangeSteps = (ava: TeamsClient): Array<[string, () => Promise<number>]> => [
    ['/exchange alder', () => ava.say('/exchange alder')],
    ['reservation → replacement picker', () => ava.click(buttonStarting(ava, 'Choose af-batch-e8s-monthly'))],
    [
      'replacement → quote',
      () => {
        const offered = JSON.stringify(ava.lastCard()).match(/"choices":\[\{"title":"[^"]*","value":"([^"]+)"/)![1];
        return ava.click('Quote exchange', { replacementId: offered, quantity: '200', returnQuantity: '1' });
      },
    ],
    ['continue → confirm', () => ava.click('Continue')],
    ['file', () => ava.click('File request', CONTACT)],
  ];

  for (const names of ['short', 'long'] as const) {
    const withNames = names === 'long' ? ' (names and activity ids as long as they come)' : '';

    it(`keeps the conversation state at most 1 KB at every step of a refund, through filing${withNames}`, async () => {
      if (names === 'long') useLongNames();
      const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
      const sizes = await stateAtEachStep(refundSteps(ava));
      for (const [name, bytes] of sizes) assert.ok(bytes <= 1024, `state after ${name} is ${bytes} bytes: ${JSON.stringify(sizes)}`);
      // The flow really reached the confirm card and filed (the sizes are of the steps that matter).
      const [request] = await bot.app.services.requests.listByCustomer(await customerIdOf('alder'));
      assert.equal(request?.state, 'filed');
      if (names === 'long') assert.equal(request.customerName, LONG_CUSTOMER.slice(0, 80));
    });

    it(`keeps the conversation state at most 1 KB at every step of an exchange, through filing${withNames}`, async () => {
      if (names === 'long') useLongNames();
      const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
      const sizes = await stateAtEachStep(exchangeSteps(ava));
      for (const [name, bytes] of sizes) assert.ok(bytes <= 1024, `state after ${name} is ${bytes} bytes: ${JSON.stringify(sizes)}`);
      const [request] = await bot.app.services.requests.listByCustomer(await customerIdOf('alder'));
      assert.equal(request?.kind, 'exchange');
      assert.equal(request?.state, 'filed');
    });
  }

  /**
   * Flows stored by the desk before its flows were waterfalls on the root dialog set: a component per flow and per
   * confirm step, each with its own stack and version. They end politely, never fail every turn (docs/decisions.md,
   * "Flows as waterfalls on the root dialog set").
   */
  it('ends politely a refund whose confirm card was stored in Redis by the component layout before: its card closed, nothing filed, a new flow works', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    const customer = { id: await customerIdOf('alder'), name: 'Alder & Finch Logistics', domain: 'alderfinch.onmicrosoft.com' };
    const reservationId = await reservationIdOf('af-sql-gp8');
    const quote = (
      await quoteRefund(
        bot.app.services,
        (await bot.app.services.provider.reservations.getReservation(customer.id, reservationId))!,
        new Date('2026-06-15T10:00:00Z'),
      )
    ).json;
    const whole = { ...customer, tenantId: customer.id };
    // The confirm step as the desk stored it two layouts before: components, and the quote in the flow's values and the confirm options.
    const old = {
      dialogState: {
        dialogStack: [
          {
            id: 'refund',
            state: {
              dialogs: {
                dialogStack: [
                  {
                    id: 'refundFlow',
                    state: {
                      options: { query: 'alder' },
                      values: { instanceId: 'i1', customer: whole, reservationId, reservationName: 'af-sql-gp8', quote, returnQuantity: 1, returnable: 1 },
                      stepIndex: 3,
                    },
                  },
                  {
                    id: 'confirmAndFile',
                    state: {
                      dialogs: {
                        dialogStack: [
                          {
                            id: 'confirm',
                            state: {
                              options: { kind: 'refund', customer: whole, reservationId, reservationName: 'af-sql-gp8', returnQuantity: 1, quote },
                              values: { instanceId: 'i2', requestKey: 'c1d0e7a2-5b8e-4a53-9d3c-6f1f2b0d9e41' },
                              stepIndex: 0,
                            },
                          },
                          {
                            id: 'cardPrompt',
                            state: {
                              cardId: 'old-confirm-card',
                              activityId: 'act-old-confirm',
                              title: 'Confirm the refund request',
                              help: 'Check and file.',
                              actions: ['file', 'cancel'],
                            },
                          },
                        ],
                      },
                    },
                    version: '-1647673588',
                  },
                ],
              },
            },
            version: '-980262376',
          },
        ],
      },
      lastSeenAt: Date.now(),
      activeFlow: 'refund',
    };
    const [key] = await keysUnder(redis, `${prefix}bot:state:`);
    await redis.hset(key, 'value', JSON.stringify(old));
    await ava.post(ava.activity({ replyToId: 'act-old-confirm', value: { rd: 'old-confirm-card', action: 'file', label: 'File request', ...CONTACT } }));
    assert.equal(ava.lastText(), 'The desk was updated since your /refund flow began, so it cannot go on. Nothing was filed. Start again with /refund.');
    assert.equal((await bot.app.services.requests.listByCustomer(customer.id)).length, 0, 'nothing filed');
    await bot.app.bot.idle();
    const closed = connector.calls.filter((call) => call.method === 'PUT' && call.activityId === 'act-old-confirm');
    assert.equal(closed.length, 1, 'the old confirm card was updated');
    assert.match(JSON.stringify(closed[0].activity), /✔ Expired/);
    assert.deepEqual((JSON.parse(await conversationState()) as { dialogState: { dialogStack: unknown[] } }).dialogState.dialogStack, [], 'the flow ended');
    // Once: the next message is answered as usual, and a new flow begins.
    await ava.say('hello');
    assert.doesNotMatch(ava.lastText(), /desk was updated/);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    assert.match(JSON.stringify(ava.lastCard()), /Refund quote/);
  });

  it('ends politely, in German, a refund whose quote card was stored in Redis by the component layout before', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/language de');
    await ava.say('/erstattung alder');
    await ava.click('af-sql-gp8 wählen');
    const stored = JSON.parse(await conversationState()) as { dialogState: { dialogStack: Array<{ id: string; state: object; version?: string }> } };
    const [flow, card] = stored.dialogState.dialogStack;
    assert.deepEqual([flow.id, flow.version, card.id], ['refund', 'refund:5', 'cardPrompt'], 'the flow a waterfall on the root stack, its card above it');
    // The same flow as the component layout kept it: the flow's waterfall and card prompt on the component's own stack.
    stored.dialogState.dialogStack = [
      { id: 'refund', state: { dialogs: { dialogStack: [{ id: 'refundFlow', state: flow.state }, card] } }, version: '-980262376' },
    ];
    const [key] = await keysUnder(redis, `${prefix}bot:state:`);
    await redis.hset(key, 'value', JSON.stringify(stored));
    assert.equal(await ava.click('Weiter'), 200);
    assert.match(ava.lastText(), /^Der Desk wurde aktualisiert, seit Ihr Vorgang \/refund begonnen hat/);
    assert.equal((await bot.app.services.requests.listByCustomer(await customerIdOf('alder'))).length, 0, 'nothing filed');
  });

  /** The stored state with each quote basis replaced by what the layout before kept: the quote and replacement, packed, and the name. */
  const asPreviousLayout = (state: string, quote: QuoteJson, replacement: ReplacementChoice | undefined, reservationName: string): string =>
    JSON.stringify(JSON.parse(state), (_key, value: unknown) => {
      if (!value || typeof value !== 'object' || !('shown' in value)) return value;
      const { shown, ...kept } = value as Record<string, unknown>;
      void shown;
      return { ...kept, reservationName, quote: storedQuote(quote), ...(replacement ? { replacement: storedReplacement(replacement) } : {}) };
    });
  const rewriteState = async (rewrite: (state: string) => string): Promise<void> => {
    const [key] = await keysUnder(redis, `${prefix}bot:state:`);
    await redis.hset(key, 'value', rewrite(await conversationState()));
  };
  /** The exchange quote for 200 × the first replacement offered, one unit of af-batch-e8s-monthly returned. */
  const exchangeShown = async (offered: string) => {
    const { services } = bot.app;
    const reservation = (await services.provider.reservations.getReservation(await customerIdOf('alder'), await reservationIdOf('af-batch-e8s-monthly')))!;
    const replacement = replacementChoiceOf((await services.provider.catalog.getItem(offered))!, 200);
    const quote = quoteExchange(
      services,
      reservation,
      { totalCommitment: new Decimal(replacement.totalCommitment), currency: replacement.currency },
      services.provider.clock.now(),
      1,
    ).json;
    return { quote, replacement };
  };
  const toExchangeQuote = async (ava: TeamsClient): Promise<string> => {
    await ava.say('/exchange alder');
    await ava.click('Choose af-batch-e8s-monthly');
    const offered = JSON.stringify(ava.lastCard()).match(/"choices":\[\{"title":"[^"]*","value":"([^"]+)"/)![1];
    await ava.click('Quote exchange', { replacementId: offered, quantity: '200', returnQuantity: '1' });
    return offered;
  };

  it('goes on with an exchange whose quote card was sent in the layout before (quote and replacement in the state): confirmed and filed as shown', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    const { quote, replacement } = await exchangeShown(await toExchangeQuote(ava));
    await rewriteState((state) => asPreviousLayout(state, quote, replacement, 'af-batch-e8s-monthly'));
    assert.match(await conversationState(), /"quote":\["exchange"/, 'the layout before');
    assert.equal(await ava.click('Continue'), 200);
    assert.match(JSON.stringify(ava.lastCard()), /Confirm the exchange request/);
    // The confirm step begun from it keeps the quote as that layout did.
    assert.match(await conversationState(), /"replacement":\["/);
    assert.equal(await ava.click('File request', CONTACT), 200);
    const [request] = await bot.app.services.requests.listByCustomer(await customerIdOf('alder'));
    assert.equal(request?.state, 'filed');
    assert.deepEqual(request.quote, quote);
    assert.deepEqual(request.details?.replacement, replacement);
  });

  it('files an exchange whose confirm card was sent in the layout before, with the stored quote', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    const { quote, replacement } = await exchangeShown(await toExchangeQuote(ava));
    await ava.click('Continue');
    await rewriteState((state) => asPreviousLayout(state, quote, replacement, 'af-batch-e8s-monthly'));
    await ava.click('File request', CONTACT);
    const [request] = await bot.app.services.requests.listByCustomer(await customerIdOf('alder'));
    assert.equal(request?.state, 'filed');
    assert.deepEqual(request.quote, quote);
  });

  it('refuses a refund whose confirm card was sent in the layout before with figures that have moved since (a day older): nothing filed, the fresh quote shown', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    const reservation = (await bot.app.services.provider.reservations.getReservation(await customerIdOf('alder'), await reservationIdOf('af-sql-gp8')))!;
    const yesterday = (await quoteRefund(bot.app.services, reservation, new Date('2026-06-14T10:00:00Z'))).json;
    await ava.click('Continue');
    await rewriteState((state) => asPreviousLayout(state, yesterday, undefined, 'af-sql-gp8'));
    assert.equal(await ava.click('File request', CONTACT), 200);
    assert.match(ava.texts().join('\n'), /The figures changed since this quote was shown/);
    assert.match(JSON.stringify(ava.lastCard()), /Refund quote/, 'the fresh quote');
    assert.equal((await bot.app.services.requests.listByCustomer(await customerIdOf('alder'))).length, 0, 'nothing filed');
  });

  it('audits a typed cancel on a refund quote card of the layout before with the stored quote’s amounts', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund alder');
    await ava.click('Choose af-sql-gp8');
    const reservation = (await bot.app.services.provider.reservations.getReservation(await customerIdOf('alder'), await reservationIdOf('af-sql-gp8')))!;
    const quote = (await quoteRefund(bot.app.services, reservation, new Date('2026-06-15T10:00:00Z'))).json;
    await rewriteState((state) => asPreviousLayout(state, quote, undefined, 'af-sql-gp8'));
    assert.equal(await ava.say('cancel'), 200);
    assert.match(ava.lastText(), /Cancelled the \/refund flow\. Nothing was filed\./);
    const [cancelled] = await bot.app.services.audit.list({ type: 'cancelled' });
    assert.deepEqual(cancelled.amounts, auditAmounts(quote).amounts);
  });

  it('replaces an answered card with a small one: its heading, the choice, no buttons', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.say('/refund');
    const pickerId = connector.activities(ava.conversationId).at(-1)!.id;
    await ava.click('Alder & Finch Logistics · alderfinch.onmicrosoft.com');
    const puts = connector.calls.filter((call) => call.method === 'PUT' && call.activityId === pickerId);
    assert.equal(puts.length, 1, 'the picker was updated once');
    const card = JSON.stringify((puts[0].activity.attachments as Array<{ content: unknown }>)[0].content);
    assert.match(card, /Pick a customer/);
    assert.match(card, /✔ Customer: Alder & Finch Logistics/);
    assert.doesNotMatch(card, /Action\.Submit/);
    assert.doesNotMatch(card, /Brightwater/, 'the other choices are not repeated');
    // The update goes out after the turn's reply (the reservation picker) was posted.
    const order = connector.calls.filter((call) => call.conversationId === ava.conversationId).map((call) => call.method);
    assert.deepEqual(order.slice(-2), ['POST', 'PUT']);
  });

  it("answers Teams' HTTP request before the answered card's update, which still follows", async () => {
    // A connector that answers posts at once and holds every update until the test lets it go.
    const events: string[] = [];
    let releaseUpdates = (): void => undefined;
    const updatesHeld = new Promise<void>((resolve) => (releaseUpdates = resolve));
    let posted = 0;
    const holding = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const answer = () => {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ id: req.method === 'PUT' ? req.url!.split('/').pop() : `held-${++posted}` }));
        };
        if (req.method !== 'PUT') return answer();
        events.push('update reached the connector');
        void updatesHeld.then(() => {
          events.push('update answered');
          answer();
        });
      });
    });
    await new Promise<void>((resolve) => holding.listen(0, '127.0.0.1', resolve));
    try {
      const ava = new TeamsClient(bot.url, connector, `http://127.0.0.1:${(holding.address() as AddressInfo).port}`, AVA);
      await ava.say('/refund alder');
      // Click the reservation picker's button as Teams would (its card id is in the waiting card's state).
      const click = ava.activity({
        replyToId: `held-${posted}`,
        value: { rd: await pickerCardId(), action: 'pick', reservationId: await reservationIdOf('af-sql-gp8'), label: 'Reservation: af-sql-gp8' },
      });
      const response = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(click) });
      events.push(`bot answered ${response.status}`);
      assert.equal(events.includes('update answered'), false, 'the bot answered while the update was still held');
      // The update is on its way all the same: it reaches the connector, which holds it.
      await until(() => events.includes('update reached the connector'));
      releaseUpdates();
      await bot.app.bot.idle();
      assert.equal(events.at(-1), 'update answered');
    } finally {
      releaseUpdates();
      await bot.app.bot.idle();
      holding.close();
    }
  });

  /** The card id of the newest waiting card of Ava's flow, read from her conversation state in Redis. */
  const pickerCardId = async (): Promise<string> => {
    const match = /"cardId":"([^"]+)"/.exec(await conversationState());
    assert.ok(match, 'a waiting card');
    return match[1];
  };
  const customerIdOf = async (query: string): Promise<string> => (await bot.app.services.provider.directory.searchCustomers(query, 0, 1)).items[0].id;
  const reservationIdOf = async (name: string): Promise<string> => {
    const customer = (await bot.app.services.provider.directory.searchCustomers('alder', 0, 1)).items[0];
    return (await bot.app.services.provider.reservations.listReservations(customer.id)).find((r) => r.displayName === name)!.reservationId;
  };
});

/** Waits for a condition another party makes true (the test's timeout bounds it; nothing is timed). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
