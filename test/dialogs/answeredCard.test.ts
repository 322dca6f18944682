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

  /**
   * The stored stack rewritten as the component layout before kept it: the flow a component around its waterfall and
   * the picker, the picker a component around a waterfall and the card prompt (the layout before perf-dialogs).
   */
  const asComponentLayout = (stack: Json[], picker: 'customer' | 'reservation'): Json[] => {
    const [flow, waiting] = stack;
    const pickerEntry = {
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
    };
    return [{ id: flow.id, state: { dialogs: { dialogStack: [{ id: 'refundFlow', state: flow.state }, pickerEntry] } }, version: '-980262376' }];
  };

  for (const [picker, steps] of [
    ['customer', ['/refund']],
    ['reservation', ['/refund alder']],
  ] as const) {
    it(`ends a flow politely whose ${picker} picker was stored by a component layout before, closing its card as expired`, async () => {
      const storage = new MemoryBotStorage();
      const desk = deskOnTestAdapter(undefined, undefined, storage);
      for (const text of steps) await desk.say('ava.lindqvist', text);
      const key = 'playground/conversations/conv-ava.lindqvist/users/ava.lindqvist/';
      const stored = (await storage.read([key]))[key] as Json;
      const dialogState = stored.dialogState as Json;
      const stack = dialogState.dialogStack as Json[];
      const cardId = (stack.at(-1)!.state as Json).cardId as string;
      dialogState.dialogStack = asComponentLayout(stack, picker);
      await storage.write({ [key]: { ...stored, eTag: '*' } });
      const button = actionsOf(desk.lastCard()).find((a) => a.data && (a.data as Json).rd === cardId)!;
      await desk.click('ava.lindqvist', button.data as Json);
      assert.match(desk.texts().at(-1)!, /^The desk was updated since your \/refund flow began, so it cannot go on\./);
      assert.match(JSON.stringify(desk.updated.at(-1)!.attachments![0].content), /✔ Expired/, 'the old card is closed');
      const after = (await storage.read([key]))[key] as Json;
      assert.deepEqual((after.dialogState as Json).dialogStack, [], 'the flow ended');
      // The desk goes on as usual.
      await desk.say('ava.lindqvist', '/refund alder');
      assert.match(JSON.stringify(desk.lastCard()), /Reservations of Alder/);
    });
  }

  it('closes the card of a flow stored by a component layout before when the flow is cancelled, and says its help', async () => {
    const storage = new MemoryBotStorage();
    const desk = deskOnTestAdapter(undefined, undefined, storage);
    await desk.say('ava.lindqvist', '/refund');
    const key = 'playground/conversations/conv-ava.lindqvist/users/ava.lindqvist/';
    const stored = (await storage.read([key]))[key] as Json;
    const dialogState = stored.dialogState as Json;
    dialogState.dialogStack = asComponentLayout(dialogState.dialogStack as Json[], 'customer');
    await storage.write({ [key]: { ...stored, eTag: '*' } });
    await desk.say('ava.lindqvist', 'help');
    assert.match(desk.texts().at(-1)!, /^Pick the customer: click its button/, 'the waiting card’s help, found inside the stored component');
    await desk.say('ava.lindqvist', 'cancel');
    assert.match(desk.texts().at(-1)!, /Cancelled the \/refund flow/);
    assert.match(JSON.stringify(desk.updated.at(-1)!.attachments![0].content), /✔ Cancelled/);
  });
});
