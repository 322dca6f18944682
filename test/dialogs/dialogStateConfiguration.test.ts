import assert from 'node:assert/strict';
import sinon from 'sinon';
// Not exported by botbuilder-dialogs' index: the registration whose memory scopes a DialogStateManager builds.
import { DialogsComponentRegistration } from 'botbuilder-dialogs/lib/dialogsComponentRegistration';
import { deskOnTestAdapter } from './deskHarness';

describe("the dialogs' memory scopes", () => {
  afterEach(() => sinon.restore());

  it('are built on the first turn only and handed to every later turn (botbuilder would build them on each), and the flows work', async () => {
    const built = sinon.spy(DialogsComponentRegistration.prototype, 'getMemoryScopes');
    const desk = deskOnTestAdapter();
    await desk.say('ava.lindqvist', '/refund');
    assert.equal(built.callCount, 1, 'built for the first turn');
    await desk.clickButton('ava.lindqvist', 'Alder & Finch Logistics · alderfinch.onmicrosoft.com');
    await desk.clickButton('ava.lindqvist', 'Choose af-sql-gp8');
    await desk.clickButton('ava.lindqvist', 'Cancel');
    await desk.say('ava.lindqvist', '/reservation alder');
    assert.equal(built.callCount, 1, 'not built again');
    assert.match(desk.texts().join('\n'), /Cancelled\. Nothing was filed\./);
    assert.match(JSON.stringify(desk.lastCard()), /Reservations of Alder/);
  });
});
