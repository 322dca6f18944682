import assert from 'node:assert/strict';
import fc from 'fast-check';
import { plainlyWellFormed } from '../../../src/channels/teams/activityFastCheck';
import { activityProblem, schemaProblem } from '../../../src/channels/teams/activityShape';

/**
 * The quick check may only say yes where the schema says yes: then /api/messages accepts and refuses exactly what
 * the schema did (a no from the quick check goes to the schema). The usual activities must get the quick yes.
 */
type Json = Record<string, unknown>;

const message = (fields: Json = {}): Json => ({
  type: 'message',
  id: '1700000000001',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  timestamp: '2026-06-15T10:00:00.123Z',
  localTimestamp: '2026-06-15T12:00:00.123+02:00',
  from: { id: '29:1abc', name: 'Ava Lindqvist', aadObjectId: '6b0c8a52-9d3e-4f7a-b1a5-000000000001' },
  recipient: { id: '28:bot-app', name: 'Reservation Desk' },
  conversation: { id: 'a:1xyz', tenantId: 'tenant-1', conversationType: 'personal' },
  locale: 'en-US',
  textFormat: 'plain',
  text: '/refund contoso',
  entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' }],
  channelData: { tenant: { id: 'tenant-1' } },
  ...fields,
});

const usual: Array<[string, Json]> = [
  ['a typed command', message()],
  ['a card click', message({ text: undefined, value: { rd: 'c-1', action: 'continue', label: 'Continue', page: 2, confirmed: true, note: null } })],
  [
    'a mention of the bot',
    message({ text: '<at>Desk</at> help', entities: [{ type: 'mention', mentioned: { id: '28:bot-app', name: 'Desk' }, text: '<at>Desk</at>' }] }),
  ],
  ['a conversation update', message({ type: 'conversationUpdate', text: undefined, membersAdded: [{ id: '28:bot-app' }], membersRemoved: [] })],
  ['an attachment', message({ attachments: [{ contentType: 'text/html', content: '<p>hi</p>', name: 'x' }] })],
  ['an invoke', { type: 'invoke', channelId: 'msteams', name: 'adaptiveCard/action', value: { anything: { nested: [1] } } }],
  ['a typing indicator', { type: 'typing', channelId: 'msteams' }],
  ['the emulator', message({ channelId: 'emulator', serviceUrl: 'http://localhost:5000', channelData: undefined, conversation: { id: 'c', isGroup: false } })],
];

// Malformed activities (the e2e bad-input cases and more): the quick check says no, the schema words the 400.
const malformed: Array<[string, unknown]> = [
  ['not an object', [1, 2]],
  ['null', null],
  ['no channelId', { type: 'message', text: 'hi' }],
  ['an empty type', message({ type: '' })],
  ['a Slack identity', message({ channelId: 'slack' })],
  ['a playground identity', message({ channelId: 'playground' })],
  ['no recipient', message({ recipient: undefined })],
  ['no serviceUrl', message({ serviceUrl: undefined })],
  ['a serviceUrl that is not http', message({ serviceUrl: 'ftp://x/' })],
  ['text that is not a string', message({ text: 12 })],
  ['text too long', message({ text: 'x'.repeat(28_001) })],
  ['membersAdded that is not a list', message({ type: 'conversationUpdate', membersAdded: 'x' })],
  ['a member without an id', message({ type: 'conversationUpdate', membersAdded: [{ name: 'Ava' }] })],
  ['membersRemoved that is not a list', message({ membersRemoved: { id: 'x' } })],
  ['too many members', message({ membersAdded: Array.from({ length: 101 }, (_, i) => ({ id: `u${i}` })) })],
  ['entities that is not a list', message({ entities: 'x' })],
  ['entities null', message({ entities: null })],
  ['an entity without a type', message({ entities: [{ mentioned: { id: '28:bot' } }] })],
  ['a mention naming nobody', message({ entities: [{ type: 'mention', mentioned: '28:bot', text: '<at>Desk</at>' }] })],
  ['a mention without its text', message({ entities: [{ type: 'Mention', mentioned: { id: '28:bot' } }] })],
  ['a mention of the bot without text', message({ text: undefined, entities: [{ type: 'mention', mentioned: { id: '28:bot-app' }, text: '<at>Desk</at>' }] })],
  ['attachments that is not a list', message({ attachments: 'x' })],
  ['an attachment without a content type', message({ attachments: [{ content: {} }] })],
  ['a value that is text', message({ value: 'x' })],
  ['a value with a nested object', message({ value: { rd: 'card', action: 'pick', customerId: { $gt: '' } } })],
  ['an action that is not text', message({ value: { rd: 'card', action: ['continue'] } })],
  ['a label that is not text', message({ value: { rd: 'card', action: 'continue', label: 5 } })],
  ['rd null', message({ value: { rd: null } })],
  ['too many value fields', message({ value: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`f${i}`, i])) })],
  ['a value field too long', message({ value: { note: 'x'.repeat(4001) } })],
  ['from.id that is a number', message({ from: { id: 5 } })],
  ['an empty from.id', message({ from: { id: '' } })],
  ['aadObjectId that is an object', message({ from: { id: '29:x', aadObjectId: { id: 'a' } } })],
  ['isGroup that is text', message({ conversation: { id: 'c', isGroup: 'yes' } })],
  ['tenantId that is a list', message({ conversation: { id: 'c', tenantId: ['t'] } })],
  ['a timestamp that is not a date', message({ timestamp: 'yesterday' })],
  ['localTimestamp that is a number', message({ localTimestamp: 5 })],
  ['channelData.tenant that is text', message({ channelData: { tenant: 'x' } })],
  ['channelData that is a list', message({ channelData: [] })],
  ['replyToId that is a number', message({ replyToId: 7 })],
  ['locale too long', message({ locale: 'x'.repeat(33) })],
];

describe('/api/messages: the quick activity check', () => {
  for (const [label, activity] of usual) {
    it(`says yes to ${label}, as the schema does`, () => {
      assert.equal(schemaProblem(activity), undefined, label);
      assert.equal(plainlyWellFormed(activity), true, label);
    });
  }

  it('says no to every malformed activity, and the route gives the schema’s words', () => {
    for (const [label, activity] of malformed) {
      const problem = schemaProblem(activity);
      assert.notEqual(problem, undefined, `the schema refuses ${label}`);
      assert.equal(plainlyWellFormed(activity), false, label);
      assert.equal(activityProblem(activity), problem, label);
    }
  });

  // Generated activities: fields drawn from well-formed and malformed values alike, often just past a limit.
  const text = (max: number) => fc.oneof(fc.string({ maxLength: 4 }), fc.constant('x'.repeat(max)), fc.constant('x'.repeat(max + 1)), fc.constant(''));
  const anything = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.integer(),
    fc.boolean(),
    fc.constant([]),
    fc.constant({}),
    fc.string({ maxLength: 3 }),
  );
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, anything);
  const account = maybe(
    fc.record({ id: maybe(text(512)), name: maybe(text(512)), aadObjectId: maybe(text(512)), role: maybe(text(64)) }, { requiredKeys: [] }),
  );
  const mention = fc.record(
    { type: fc.constantFrom('mention', 'Mention', 'clientInfo', ''), mentioned: account, text: maybe(text(512)) },
    { requiredKeys: [] },
  );
  const scalar = fc.oneof(
    fc.string({ maxLength: 3 }),
    fc.constant('x'.repeat(4001)),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant({}),
    fc.constant([]),
  );
  const cardValue = maybe(
    fc.dictionary(fc.constantFrom('rd', 'action', 'label', 'page', 'x'.repeat(100), 'x'.repeat(101), '__proto__', 'constructor'), scalar),
  );
  const activity = fc.record(
    {
      type: fc.constantFrom('message', 'conversationUpdate', 'invoke', '', 5),
      channelId: fc.constantFrom('msteams', 'emulator', 'slack', 'playground', '', 7, 'x'.repeat(513)),
      id: maybe(text(512)),
      serviceUrl: maybe(fc.constantFrom('https://smba/x/', 'http://localhost:1', 'ftp://x', '', 'https://' + 'x'.repeat(2041))),
      from: account,
      recipient: account,
      conversation: maybe(
        fc.record({ id: maybe(text(512)), tenantId: maybe(text(512)), conversationType: maybe(text(64)), isGroup: maybe(fc.boolean()) }, { requiredKeys: [] }),
      ),
      text: maybe(text(28_000)),
      locale: maybe(text(32)),
      replyToId: maybe(text(512)),
      timestamp: maybe(fc.constantFrom('2026-06-15T10:00:00Z', 'yesterday', '', 'x'.repeat(65))),
      value: cardValue,
      entities: maybe(fc.array(maybe(mention), { maxLength: 3 })),
      attachments: maybe(
        fc.array(maybe(fc.record({ contentType: maybe(text(256)), contentUrl: maybe(text(2048)), name: maybe(text(512)) }, { requiredKeys: [] })), {
          maxLength: 2,
        }),
      ),
      membersAdded: maybe(fc.array(account, { maxLength: 2 })),
      channelData: maybe(fc.record({ tenant: maybe(fc.record({ id: maybe(text(512)) }, { requiredKeys: [] })) }, { requiredKeys: [] })),
    },
    { requiredKeys: ['type', 'channelId'] },
  );

  it('never says yes where the schema says no (generated activities)', () => {
    let quickYes = 0;
    fc.assert(
      fc.property(activity, (generated) => {
        // Through JSON, as the route receives it (undefined fields vanish, -0 becomes 0).
        const body = JSON.parse(JSON.stringify(generated)) as unknown;
        if (plainlyWellFormed(body)) {
          quickYes += 1;
          assert.equal(schemaProblem(body), undefined, JSON.stringify(body).slice(0, 300));
        }
        assert.equal(activityProblem(body), plainlyWellFormed(body) ? undefined : schemaProblem(body));
      }),
      { numRuns: 4000, seed: 20261130 },
    );
    assert.ok(quickYes > 50, `the generator reaches the quick yes (${quickYes} times)`);
  });
});
