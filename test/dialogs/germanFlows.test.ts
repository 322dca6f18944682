import assert from 'node:assert/strict';
import { money } from '../../src/cards/format';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { quoteRefund } from '../../src/services/quoting';
import { actionsOf, CONTACT, deskOnTestAdapter, factsOf, type Json } from './deskHarness';

const AVA = 'ava.lindqvist';

/** Every Action.Submit title of a card. */
const buttons = (card: Json) => actionsOf(card).map((a) => String(a.title));

/** A desk whose agent chose German with `/sprache de` (the harness's clicks carry no locale of their own). */
async function germanDesk() {
  const desk = deskOnTestAdapter();
  await desk.say(AVA, '/sprache de');
  assert.equal(desk.texts().at(-1), 'Ich antworte ab jetzt auf Deutsch.');
  return desk;
}

describe('the refund and exchange flows in German (dialogs on the test adapter)', () => {
  it('walks a German refund from /erstattung to the German receipt, every step and its help in German', async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/erstattung alder');
    assert.match(desk.texts().at(-1)!, /^Kunde: Alder & Finch Logistics \(/);
    const picker = JSON.stringify(desk.lastCard());
    assert.match(picker, /Reservierungen von Alder & Finch Logistics/);
    assert.match(picker, /Seite 1 von 1\. Sie können auch einen Teil des Namens einer Reservierung eingeben\./);
    assert.match(picker, /läuft ab am \d\d\.\d\d\.\d{4}/);
    assert.match(picker, /Nicht verfügbar: dieser Produkttyp kann weder erstattet noch umgetauscht werden/);
    await desk.say(AVA, 'hilfe');
    assert.match(desk.texts().at(-1)!, /^Wählen Sie eine Reservierung des Kunden/);

    await desk.clickButton(AVA, 'af-batch-e8s-monthly wählen');
    const quoteCard = desk.lastCard();
    assert.match(JSON.stringify(quoteCard), /Kalkulation der Rückerstattung/);
    assert.match(JSON.stringify(quoteCard), /Zurückgegeben werden 4 von 4 Einheiten/);
    assert.match(JSON.stringify(quoteCard), /"label":"Zurückzugebende Einheiten \(bis zu 4\)"/);
    assert.deepEqual(buttons(quoteCard), ['Weiter', 'Kalkulation aktualisieren', 'Abbrechen']);
    const reservation = (
      await desk.services.provider.reservations.listReservations((await desk.services.provider.directory.searchCustomers('alder', 0, 1)).items[0].id)
    ).find((r) => r.displayName === 'af-batch-e8s-monthly')!;
    const { json: four } = await quoteRefund(desk.services, reservation, desk.services.provider.clock.now());
    const facts = factsOf(quoteCard);
    assert.equal(facts['Gutschrift'], money(four.credit, 'EUR', 'de'));
    assert.equal(facts['Gebühr für vorzeitige Kündigung'], `${money(four.fee, 'EUR', 'de')} (${four.feeRate === '0' ? 'keine' : '12 %'})`);
    assert.equal(facts['Rückerstattung'], `${money(four.refund, 'EUR', 'de')} (${money(four.refundUsd, 'USD', 'de')})`);
    assert.match(facts['Gutschrift'], /^\d{1,3}(\.\d{3})*,\d{2} EUR$/);
    await desk.say(AVA, 'hilfe');
    assert.match(desk.texts().at(-1)!, /^So viel ist die Rückerstattung heute wert\. „Weiter“ fragt nach Ihren Kontaktdaten.* „Kalkulation aktualisieren“/);

    await desk.clickButton(AVA, 'Kalkulation aktualisieren', { returnQuantity: '9' });
    assert.equal(
      desk.texts().at(-1),
      'Die Anzahl der Einheiten muss eine ganze Zahl von 1 bis 4 sein (die noch rückgabefähigen Einheiten). Die Kalkulation gilt weiterhin für 4 Einheiten.',
    );
    await desk.clickButton(AVA, 'Weiter', { returnQuantity: '1' });
    assert.equal(desk.texts().at(-1), 'Hier ist die Kalkulation für 1 Einheit; klicken Sie auf „Weiter“, um damit fortzufahren.');
    assert.match(JSON.stringify(desk.lastCard()), /Zurückgegeben werden 1 von 4 Einheiten/);
    await desk.clickButton(AVA, 'Weiter');

    const confirm = JSON.stringify(desk.lastCard());
    assert.match(confirm, /Antrag auf Rückerstattung bestätigen/);
    assert.match(confirm, /Die Supportanfrage an Microsoft wird auf Englisch verfasst, der Sprache des Microsoft-Supports\./);
    assert.match(confirm, /"label":"Vorname"/);
    assert.match(confirm, /"title":"Minimal \(geringe Auswirkung\)","value":"minimal"/);
    assert.match(confirm, /Zurückzugebende Einheiten/);
    await desk.say(AVA, 'hilfe');
    assert.match(desk.texts().at(-1)!, /^Prüfen Sie Ihre Kontaktdaten .* „Antrag einreichen“/);
    const file = buttons(desk.lastCard()).find((title) => title === 'Antrag einreichen' || title === 'Supportanfrage einreichen')!;
    assert.ok(file, buttons(desk.lastCard()).join(' | '));

    await desk.clickButton(AVA, file, { ...CONTACT, email: 'keine-adresse' });
    assert.match(JSON.stringify(desk.lastCard()), /Bitte korrigieren: E-Mail ist keine E-Mail-Adresse/);
    await desk.clickButton(AVA, file, CONTACT);

    const receipt = factsOf(desk.lastCard());
    assert.match(JSON.stringify(desk.lastCard()), /Antrag auf Rückerstattung eingereicht/);
    assert.equal(receipt['Status'], 'eingereicht — wartet auf die Gutschrift von Microsoft');
    assert.equal(receipt['Zurückgegebene Einheiten'], '1 von 4');
    const [request] = await desk.services.requests.listByCustomer(reservation.customerId);
    assert.equal(request.state, 'filed');
    assert.equal(receipt['Supportticket'], request.ticketId);
    const filed = request.quote;
    assert.ok(filed.kind === 'refund');
    assert.equal(receipt['Gutschrift'], money(filed.credit, 'EUR', 'de'));
    assert.equal(receipt['Rückerstattung'], `${money(filed.refund, 'EUR', 'de')} (${money(filed.refundUsd, 'USD', 'de')})`);
  });

  it('tells a German agent in German that another request for the reservation is already open, naming its ticket', async () => {
    const desk = await germanDesk();
    const BEN = 'ben.okafor';
    await desk.say(BEN, '/sprache de');
    // Both agents reach the confirm card of the same reservation before either files.
    for (const agent of [AVA, BEN]) {
      await desk.say(agent, '/erstattung alder');
      await desk.clickButton(agent, 'af-batch-e8s-monthly wählen');
      await desk.clickButton(agent, 'Weiter');
    }
    const file = (agent: string) => buttons(desk.lastCardOf(agent)).find((title) => title === 'Antrag einreichen' || title === 'Supportanfrage einreichen')!;
    await desk.clickButton(AVA, file(AVA), CONTACT);
    const [filed] = await desk.services.requests.listByCustomer((await desk.services.provider.directory.searchCustomers('alder', 0, 1)).items[0].id);
    assert.equal(filed.state, 'filed');
    // Ben's request is created a second later (requests created at the same instant would be ordered by their ids).
    (desk.services.provider as SandboxProvider).clock.advance(1_000);
    await desk.clickButton(BEN, file(BEN), CONTACT);
    assert.equal(
      desk.textsOf(BEN).at(-1),
      `Für diese Reservierung ist bereits ein anderer Antrag offen (Ticket ${filed.ticketId}); es wurde nichts eingereicht. ` +
        'Die Erstattungsgrenze des Kunden ist unverändert. Sie können es erneut versuchen.',
    );
    const failed = (await desk.services.requests.listByCustomer(filed.customerId)).find((r) => r.id !== filed.id)!;
    assert.equal(failed.failureReason, 'reservation-busy');
  });

  it('quotes an exchange in German, refuses a too-small replacement in German, and cancels in German', async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/umtausch');
    await desk.say(AVA, 'hilfe');
    assert.match(desk.texts().at(-1)!, /^Wählen Sie den Kunden: Klicken Sie auf seine Schaltfläche .* „Weitere Kunden“ zeigt die nächste Seite\./);
    assert.match(JSON.stringify(desk.lastCard()), /Seite 1 von \d+/);
    await desk.say(AVA, 'alder');
    await desk.clickButton(AVA, 'af-batch-e8s-monthly wählen');
    await desk.say(AVA, 'hilfe');
    assert.match(desk.texts().at(-1)!, /^Wählen Sie die Ersatzreservierung .* „Umtausch kalkulieren“\./);
    const picker = desk.lastCard();
    const text = JSON.stringify(picker);
    assert.match(text, /Ersatz wählen/);
    assert.match(text, /Der Ersatz muss in EUR abgerechnet werden und eine Gesamtverpflichtung von mindestens \d{1,3}(\.\d{3})*,\d{2} EUR haben/);
    assert.match(text, /pro Einheit/);
    assert.deepEqual(buttons(picker), ['Umtausch kalkulieren', 'Abbrechen']);
    const offered = text.match(/"choices":\[\{"title":"[^"]*","value":"([^"]+)"/)![1];

    await desk.clickButton(AVA, 'Umtausch kalkulieren', { replacementId: offered, quantity: '1' });
    const small = desk.lastCard();
    assert.match(JSON.stringify(small), /Kalkulation des Umtauschs/);
    assert.match(JSON.stringify(small), /liegt unter dem Minimum von \d{1,3}(\.\d{3})*,\d{2} EUR/);
    assert.deepEqual(buttons(small), ['Anderen Ersatz wählen', 'Abbrechen']);

    await desk.clickButton(AVA, 'Anderen Ersatz wählen');
    await desk.clickButton(AVA, 'Umtausch kalkulieren', { replacementId: offered, quantity: '200', returnQuantity: '0' });
    assert.equal(
      desk.texts().at(-1),
      'Die Anzahl der umzutauschenden Einheiten dieser Reservierung muss eine ganze Zahl von 1 bis 4 sein (die noch rückgabefähigen Einheiten).',
    );
    await desk.clickButton(AVA, 'Umtausch kalkulieren', { replacementId: offered, quantity: '200' });
    const quote = factsOf(desk.lastCard());
    assert.match(quote['Netto zu zahlen'], /^\d{1,3}(\.\d{3})*,\d{2} EUR$/);
    assert.match(JSON.stringify(desk.lastCard()), /Umgetauscht werden 4 von 4 Einheiten/);
    await desk.say(AVA, 'hilfe');
    assert.match(desk.texts().at(-1)!, /^So viel ist der Umtausch wert\. „Weiter“ fragt nach Ihren Kontaktdaten/);
    await desk.clickButton(AVA, 'Abbrechen');
    assert.equal(desk.texts().at(-1), 'Abgebrochen. Es wurde nichts eingereicht.');
  });

  it('answers a click on an answered card in German', async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/erstattung alder');
    const picker = desk.lastCard();
    await desk.clickButton(AVA, 'af-sql-gp8 wählen');
    desk.advanceWallClock(60_000);
    const again = actionsOf(picker).find((a) => a.title === 'af-sql-gp8 wählen')!;
    await desk.click(AVA, again.data as Json);
    assert.equal(
      desk.texts().at(-1),
      'Diese Karte wurde bereits beantwortet oder ist abgelaufen. Geben Sie /refund, /exchange, /reservation oder /requests ein, um neu zu beginnen.',
    );
  });
});
