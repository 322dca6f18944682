import assert from 'node:assert/strict';
import { TestAdapter } from 'botbuilder';
import sinon from 'sinon';
import { actionsOf, deskOnTestAdapter, type Json } from './deskHarness';

describe('answered cards', () => {
  afterEach(() => sinon.restore());

  it('a card the channel will not update is only logged: the answer stands and the flow goes on', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/refund');
    sinon.stub(TestAdapter.prototype, 'updateActivity').rejects(new Error('update refused by the channel'));
    const warn = sinon.spy(desk.services.log, 'warn');
    await desk.clickButton('ava.lindqvist', 'Alder & Finch Logistics · alderfinch.onmicrosoft.com');
    assert.match(JSON.stringify(desk.lastCard()), /Reservations of Alder/, 'the turn answered');
    assert.ok(warn.getCalls().some((call) => call.args[1] === 'answered card not updated'), 'the failed update was logged');
    // The state was saved: the next step works.
    await desk.clickButton('ava.lindqvist', 'Choose af-sql-gp8');
    assert.match(JSON.stringify(desk.lastCard()), /Refund quote/);
  });

  it('is small and in the agent\'s language: heading, summary and choice, no buttons', async () => {
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/sprache de');
    await desk.say('ava.lindqvist', '/refund alder');
    await desk.clickButton('ava.lindqvist', 'Choose af-sql-gp8');
    const cancel = actionsOf(desk.lastCard()).find((a) => a.data && (a.data as Json).action === 'cancel')!;
    await desk.click('ava.lindqvist', cancel.data as Json);
    const answered = desk.updated.at(-1)!.attachments![0].content as Json;
    assert.equal(actionsOf(answered).length, 0);
    const texts = (answered.body as Json[]).map((element) => element.text);
    assert.equal(texts.length, 3, 'heading, summary, choice');
    assert.match(String(texts[2]), /^Beantwortet: /);
  });
});
