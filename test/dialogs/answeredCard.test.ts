import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import sinon from 'sinon';
import { DeskBot } from '../../dialogs/deskBot';
import { MemoryBotStorage } from '../../src/store/memory/botStorage';
import { stampTurn } from '../../src/ports/turnFacts';
import { onTurnAnswered } from '../../src/ports/turnAnswered';
import { actionsOf, deskOnTestAdapter, playgroundFacts, type Json } from './deskHarness';

describe('answered cards', () => {
  afterEach(() => sinon.restore());

  it('a card the channel will not update is only logged: the answer stands and the flow goes on', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/refund');
    sinon.stub(TestAdapter.prototype, 'updateActivity').rejects(new Error('update refused by the channel'));
    const warn = sinon.spy(desk.services.log, 'warn');
    await desk.clickButton('ava.lindqvist', 'Alder & Finch Logistics · alderfinch.onmicrosoft.com');
    assert.match(JSON.stringify(desk.lastCard()), /Reservations of Alder/, 'the turn answered');
    assert.ok(
      warn.getCalls().some((call) => call.args[1] === 'answered card not updated'),
      'the failed update was logged',
    );
    // The state was saved: the next step works.
    await desk.clickButton('ava.lindqvist', 'Choose af-sql-gp8');
    assert.match(JSON.stringify(desk.lastCard()), /Refund quote/);
  });

  it("is small and in the agent's language: heading, summary and choice, no buttons", async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/sprache de');
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.clickButton('ava.lindqvist', 'af-sql-gp8 wählen');
    const cancel = actionsOf(desk.lastCard()).find((a) => a.data && (a.data as Json).action === 'cancel')!;
    await desk.click('ava.lindqvist', cancel.data as Json);
    const answered = desk.updated.at(-1)!.attachments![0].content as Json;
    assert.equal(actionsOf(answered).length, 0);
    const texts = (answered.body as Json[]).map((element) => element.text);
    assert.equal(texts.length, 3, 'heading, summary, choice');
    assert.equal(texts[0], 'Kalkulation der Rückerstattung', "the German card's heading");
    assert.match(String(texts[2]), /^✔ /);
    assert.doesNotMatch(String(texts[2]), /Cancel/, 'the German button label');
  });

  it('is updated after the turn has answered its caller (the reply sent, the state saved), within the turn', async () => {
    const { services } = deskOnTestAdapter();
    const storage = new MemoryBotStorage();
    const bot = new DeskBot(services, storage);
    const events: string[] = [];
    const write = storage.write.bind(storage);
    storage.write = async (changes) => {
      await write(changes);
      events.push('state saved');
    };
    const sent: Array<Partial<Activity>> = [];
    const adapter = new TestAdapter(async (context) => {
      await bot.run(context);
      events.push('turn ended');
    });
    adapter.use(async (context, next) => {
      stampTurn(context, playgroundFacts(context.activity));
      // What the Teams channel does: answer the HTTP request here.
      onTurnAnswered(context, () => events.push('caller answered'));
      context.onSendActivities(async (_ctx, activities, nextSend) => {
        sent.push(...activities);
        events.push(...activities.map((a) => (a.attachments?.length ? 'card sent' : 'text sent')));
        return nextSend();
      });
      context.onUpdateActivity(async (_ctx, _activity, nextUpdate) => {
        events.push('update started');
        const done = await nextUpdate();
        events.push('update done');
        return done;
      });
      await next();
    });
    const user = { channelId: 'playground', from: { id: 'ava.lindqvist', name: 'Ava' }, conversation: { id: 'conv-answered' } };
    await adapter.send({ ...user, type: 'message', text: '/refund alder' } as Partial<Activity>).startTest();
    const picker = sent.filter((a) => a.attachments?.length).at(-1)!.attachments![0].content as Json;
    const choose = actionsOf(picker).find((a) => a.title === 'Choose af-sql-gp8')!;
    events.length = 0;
    await adapter.send({ ...user, type: 'message', value: choose.data } as Partial<Activity>).startTest();
    assert.deepEqual(events, ['card sent', 'state saved', 'caller answered', 'update started', 'update done', 'turn ended']);
  });

  it('reads a waiting card stored before the small state (its whole options): help, typed answers and closing work', async () => {
    const storage = new MemoryBotStorage();
    const desk = deskOnTestAdapter(undefined, undefined, storage);
    await desk.say('ava.lindqvist', '/refund alder');
    // The quote card waits on the card prompt, the one dialog whose state had that earlier shape (the pickers were
    // components around a card prompt then; such a stack now ends politely, see the test below).
    await desk.clickButton('ava.lindqvist', 'Choose af-sql-gp8');
    const key = 'playground/conversations/conv-ava.lindqvist/users/ava.lindqvist/';
    const stored = (await storage.read([key]))[key] as Json;
    // Rewrite the waiting card's state in the earlier shape.
    let rewritten = 0;
    const legacy = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const entry = node as Json;
      if (entry.id === 'cardPrompt') {
        const state = entry.state as Json;
        entry.state = {
          cardId: state.cardId,
          activityId: state.activityId,
          actions: state.actions,
          options: { card: 'refund-quote', data: {}, acceptText: true, help: 'The old help of this step.' },
        };
        rewritten++;
        return;
      }
      Object.values(entry).forEach(legacy);
    };
    legacy(stored);
    assert.equal(rewritten, 1, 'one waiting card prompt');
    await storage.write({ [key]: { ...stored, eTag: '*' } });
    await desk.say('ava.lindqvist', 'help');
    assert.match(desk.texts().at(-1)!, /^The old help of this step\.\n/);
    await desk.say('ava.lindqvist', 'not a button');
    // Taken as the answer (the old options accepted text); the quote step reads any answer but its buttons as Cancel.
    assert.match(desk.texts().at(-1)!, /^Cancelled\. Nothing was filed\./);
    const closed = JSON.stringify(desk.updated.at(-1)!.attachments![0].content);
    assert.match(closed, /✔ Typed: “not a button”/);
  });

  for (const [picker, steps] of [
    ['customer', ['/refund']],
    ['reservation', ['/refund alder']],
  ] as const) {
    it(`ends a flow politely whose ${picker} picker was stored by the earlier layout (a component around a card prompt)`, async () => {
      const storage = new MemoryBotStorage();
      const desk = deskOnTestAdapter(undefined, undefined, storage);
      for (const text of steps) await desk.say('ava.lindqvist', text);
      const key = 'playground/conversations/conv-ava.lindqvist/users/ava.lindqvist/';
      const stored = (await storage.read([key]))[key] as Json;
      // The flow's stack as the earlier layout kept it: the picker a component with its own waterfall and card prompt.
      const flowStack = ((((stored.dialogState as Json).dialogStack as Json[])[0].state as Json).dialogs as Json).dialogStack as Json[];
      const waiting = flowStack.pop()!;
      const cardId = (waiting.state as Json).cardId as string;
      flowStack.push({
        id: `${picker}Picker`,
        state: {
          dialogs: {
            dialogStack: [
              { id: `pick${picker === 'customer' ? 'Customer' : 'Reservation'}`, state: { options: { query: '', page: 0 }, values: {}, stepIndex: 0 } },
              { id: 'cardPrompt', state: { ...(waiting.state as Json) } },
            ],
          },
        },
        version: '-1',
      });
      await storage.write({ [key]: { ...stored, eTag: '*' } });
      const button = actionsOf(desk.lastCard()).find((a) => a.data && (a.data as Json).rd === cardId)!;
      await desk.click('ava.lindqvist', button.data as Json);
      assert.match(desk.texts().at(-1)!, /already answered or has expired/);
      assert.match(JSON.stringify(desk.updated.at(-1)!.attachments![0].content), /✔ Expired/, 'the old card is closed');
      const after = (await storage.read([key]))[key] as Json;
      assert.deepEqual((after.dialogState as Json).dialogStack, [], 'the flow ended');
      // The desk goes on as usual.
      await desk.say('ava.lindqvist', '/refund alder');
      assert.match(JSON.stringify(desk.lastCard()), /Reservations of Alder/);
    });
  }

  it('closes the card of an earlier-layout picker when the flow is cancelled', async () => {
    const storage = new MemoryBotStorage();
    const desk = deskOnTestAdapter(undefined, undefined, storage);
    await desk.say('ava.lindqvist', '/refund');
    const key = 'playground/conversations/conv-ava.lindqvist/users/ava.lindqvist/';
    const stored = (await storage.read([key]))[key] as Json;
    const flowStack = ((((stored.dialogState as Json).dialogStack as Json[])[0].state as Json).dialogs as Json).dialogStack as Json[];
    const waiting = flowStack.pop()!;
    flowStack.push({ id: 'customerPicker', state: { dialogs: { dialogStack: [{ id: 'cardPrompt', state: waiting.state }] } } });
    await storage.write({ [key]: { ...stored, eTag: '*' } });
    await desk.say('ava.lindqvist', 'cancel');
    assert.match(desk.texts().at(-1)!, /Cancelled the \/refund flow/);
    assert.match(JSON.stringify(desk.updated.at(-1)!.attachments![0].content), /✔ Cancelled/);
  });
});
