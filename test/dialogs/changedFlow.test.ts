import assert from 'node:assert/strict';
import { MemoryBotStorage } from '../../src/store/memory/botStorage';
import { CONTACT, deskOnTestAdapter, type Json } from './deskHarness';

const AVA = 'ava.lindqvist';

/** The requests filed for Alder & Finch (the sandbox's first customer). */
async function alderRequests(desk: ReturnType<typeof deskOnTestAdapter>): Promise<number> {
  const alder = (await desk.services.provider.directory.searchCustomers('alder', 0, 1)).items[0];
  return (await desk.services.requests.listByCustomer(alder.id)).length;
}
const KEY = `playground/conversations/conv-${AVA}/users/${AVA}/`;

/** Rewrites the stored dialog stack entries `pick` selects, as a desk of another version would have stored them. */
async function rewriteStack(storage: MemoryBotStorage, pick: (entry: Json, depth: number) => boolean, change: (entry: Json) => void): Promise<number> {
  const stored = (await storage.read([KEY]))[KEY] as Json;
  let changed = 0;
  const walk = (stack: Json[] | undefined, depth: number): void => {
    for (const entry of stack ?? []) {
      if (pick(entry, depth)) {
        change(entry);
        changed++;
      }
      walk(((entry.state as Json | undefined)?.dialogs as Json | undefined)?.dialogStack as Json[] | undefined, depth + 1);
    }
  };
  walk(((stored.dialogState as Json | undefined)?.dialogStack as Json[] | undefined) ?? findStack(stored), 0);
  await storage.write({ [KEY]: { ...stored, eTag: '*' } });
  return changed;
}

/** The root dialog stack wherever the desk keeps its dialog state property. */
function findStack(stored: Json): Json[] | undefined {
  for (const value of Object.values(stored)) {
    const stack = (value as Json | undefined)?.dialogStack;
    if (Array.isArray(stack)) return stack as Json[];
  }
  return undefined;
}

describe('a flow begun under other dialog definitions (a new version deployed mid-flow)', () => {
  it('ends a refund whose flow changed since it began, politely and once; nothing is filed and a new flow works', async () => {
    const storage = new MemoryBotStorage();
    const desk = deskOnTestAdapter(undefined, undefined, storage);
    await desk.say(AVA, '/refund alder');
    await desk.clickButton(AVA, 'Choose af-sql-gp8');
    assert.equal(
      await rewriteStack(
        storage,
        (entry, depth) => depth === 0 && entry.id === 'refund',
        (entry) => void (entry.version = 'refund:6'),
      ),
      1,
    );

    await desk.clickButton(AVA, 'Continue');
    assert.equal(desk.texts().at(-1), 'The desk was updated since your /refund flow began, so it cannot go on. Nothing was filed. Start again with /refund.');
    assert.equal(await alderRequests(desk), 0);
    // The flow is gone: the next message is not answered with the same notice (nor fails).
    await desk.say(AVA, 'hello');
    assert.doesNotMatch(desk.texts().at(-1)!, /desk was updated/);
    await desk.say(AVA, '/refund alder');
    assert.ok(desk.lastCardOf(AVA), 'a new flow starts');
  });

  it('ends a flow whose confirm step was begun under other steps, nothing filed', async () => {
    const storage = new MemoryBotStorage();
    const desk = deskOnTestAdapter(undefined, undefined, storage);
    await desk.say(AVA, '/refund alder');
    await desk.clickButton(AVA, 'Choose af-sql-gp8');
    await desk.clickButton(AVA, 'Continue');
    assert.equal(
      await rewriteStack(
        storage,
        (entry) => entry.id === 'confirmAndFile',
        (entry) => void (entry.version = 'confirmAndFile:3'),
      ),
      1,
      'the confirm step is a waterfall of its own on the stack, with its version',
    );

    await desk.clickButton(AVA, 'File request', CONTACT);
    assert.match(desk.texts().at(-1)!, /^The desk was updated since your \/refund flow began/);
    assert.equal(await alderRequests(desk), 0);
  });

  it('ends a flow whose dialog the running desk no longer has, in German for a German agent', async () => {
    const storage = new MemoryBotStorage();
    const desk = deskOnTestAdapter(undefined, undefined, storage);
    await desk.say(AVA, '/language de');
    await desk.say(AVA, '/erstattung alder');
    assert.equal(
      await rewriteStack(
        storage,
        (entry) => entry.id === 'refund',
        (entry) => void (entry.id = 'a-flow-since-removed'),
      ),
      1,
    );
    await desk.say(AVA, 'alder');
    assert.match(desk.texts().at(-1)!, /^Der Desk wurde aktualisiert, seit Ihr Vorgang \/refund begonnen hat/);
  });

  it('ends a refund whose stack entry carries no version (stored by a desk that did not record one)', async () => {
    const storage = new MemoryBotStorage();
    const desk = deskOnTestAdapter(undefined, undefined, storage);
    await desk.say(AVA, '/refund alder');
    await desk.clickButton(AVA, 'Choose af-sql-gp8');
    assert.equal(
      await rewriteStack(
        storage,
        (entry) => entry.id === 'refund',
        (entry) => void delete entry.version,
      ),
      1,
    );
    await desk.clickButton(AVA, 'Continue');
    assert.match(desk.texts().at(-1)!, /^The desk was updated since your \/refund flow began/);
  });

  it('ends politely a manage flow stored by the component layout before: a scope change at its confirm card, nothing changed', async () => {
    const storage = new MemoryBotStorage();
    const desk = deskOnTestAdapter(undefined, undefined, storage);
    await desk.say(AVA, '/scope alder');
    await desk.clickButton(AVA, 'Choose af-sql-gp8');
    await desk.clickButton(AVA, 'Shared');
    const stored = (await storage.read([KEY]))[KEY] as Json;
    const dialogState = stored.dialogState as Json;
    const [flow, confirm, card] = dialogState.dialogStack as Json[];
    assert.deepEqual([flow.id, confirm.id, card.id], ['scope', 'confirmChange', 'cardPrompt'], 'flow, confirm step and card on one stack');
    // As the desk before kept it: the flow a component around its waterfall and the confirm step, itself a component.
    dialogState.dialogStack = [
      {
        id: 'scope',
        state: {
          dialogs: {
            dialogStack: [
              { id: 'scopeFlow', state: flow.state },
              { id: 'confirmChange', state: { dialogs: { dialogStack: [{ id: 'confirmChangeFlow', state: confirm.state }, card] } }, version: '1093392305' },
            ],
          },
        },
        version: '-1702447379',
      },
    ];
    await storage.write({ [KEY]: { ...stored, eTag: '*' } });
    const values = (flow.state as Json).values as { customer: { id: string }; reservationId: string };
    const settings = () => desk.services.provider.management.settings(values.customer.id, values.reservationId);
    const before = await settings();

    await desk.clickButton(AVA, 'Change scope');
    assert.match(desk.texts().at(-1)!, /^The desk was updated since your \/scope flow began, so it cannot go on\./);
    assert.match(JSON.stringify(desk.updated.at(-1)!.attachments![0].content), /✔ Expired/, 'the old confirm card is closed');
    assert.deepEqual((await settings())?.scope, before?.scope, 'nothing changed');
  });

  it('audits a typed cancel of a refund quote stored by the component layout before with its customer, reservation and amounts', async () => {
    const storage = new MemoryBotStorage();
    const desk = deskOnTestAdapter(undefined, undefined, storage);
    await desk.say(AVA, '/refund alder');
    await desk.clickButton(AVA, 'Choose af-sql-gp8');
    const stored = (await storage.read([KEY]))[KEY] as Json;
    const dialogState = stored.dialogState as Json;
    const [flow, card] = dialogState.dialogStack as Json[];
    dialogState.dialogStack = [{ id: 'refund', state: { dialogs: { dialogStack: [{ id: 'refundFlow', state: flow.state }, card] } }, version: '-980262376' }];
    await storage.write({ [KEY]: { ...stored, eTag: '*' } });

    await desk.say(AVA, 'cancel');
    assert.match(desk.texts().at(-1)!, /^Cancelled the \/refund flow\. Nothing was filed\./);
    assert.match(JSON.stringify(desk.updated.at(-1)!.attachments![0].content), /✔ Cancelled/, 'the quote card is closed');
    const [cancelled] = await desk.services.audit.list({ type: 'cancelled' });
    const values = (flow.state as Json).values as { customer: { id: string }; reservationId: string };
    assert.equal(cancelled.customerId, values.customer.id);
    assert.equal(cancelled.reservationId, values.reservationId);
    assert.ok(cancelled.amounts, 'the shown quote’s amounts');
  });

  it('lets a flow of this version go on', async () => {
    const desk = deskOnTestAdapter();
    await desk.say(AVA, '/refund alder');
    await desk.clickButton(AVA, 'Choose af-sql-gp8');
    await desk.clickButton(AVA, 'Continue');
    assert.doesNotMatch(desk.texts().join('\n'), /desk was updated/);
  });
});
