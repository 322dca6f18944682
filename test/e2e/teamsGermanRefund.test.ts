import assert from 'node:assert/strict';
import type { App } from '../../src/app';
import { money } from '../../src/cards/format';
import type { TicketRequest } from '../../src/ports/supportDesk';
import { quoteRefund } from '../../src/services/quoting';
import { StandInConnector } from './standInConnector';
import { TeamsClient, AVA, CONTACT, actionTitlesOf, factsOf } from './teamsClient';
import { dropPrefix, startBot, testPrefix } from './teamsApp';

const SANDBOX_CLOCK = '2026-06-15T10:00:00Z';

/** "5.835,62 EUR" → "5835.62": the exact decimal a German amount shows. */
function germanDecimal(shown: string): string {
  const match = /^([0-9.]+,[0-9]{2}) [A-Z]{3}$/.exec(shown);
  assert.ok(match, `not a German amount: ${shown}`);
  return match[1].replace(/\./g, '').replace(',', '.');
}

describe('e2e: a German refund over Teams HTTP with state in Redis', function () {
  this.timeout(30000);
  const connector = new StandInConnector();
  let connectorUrl: string;
  let prefix: string;
  let bot: { app: App; url: string };
  /** What the desk sent Microsoft: the support tickets, as the support desk received them. */
  let tickets: TicketRequest[];

  before(async () => {
    connectorUrl = await connector.start();
  });
  after(async () => connector.stop());
  beforeEach(async () => {
    prefix = testPrefix();
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK });
    tickets = [];
    const desk = bot.app.services.provider.supportDesk;
    const fileTicket = desk.fileTicket.bind(desk);
    desk.fileTicket = async (request) => {
      tickets.push(request);
      return fileTicket(request);
    };
  });
  afterEach(async () => {
    await bot.app.close();
    await dropPrefix(prefix);
  });

  it('runs /erstattung for a de-DE Teams client through customer, reservation, German quote, contact details and filing to the German receipt; the ticket is English', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    // Teams sends the client's locale on every activity, clicks included.
    const say = (text: string) => ava.post(ava.activity({ text, locale: 'de-DE' }));
    const click = (title: string, inputs = {}) => ava.post({ ...ava.clickActivity(title, inputs), locale: 'de-DE' });

    assert.equal(await say('/erstattung'), 200);
    assert.match(JSON.stringify(ava.lastCard()), /Kunden wählen/);
    assert.match(JSON.stringify(ava.lastCard()), /Seite 1 von \d+\. Sie können auch einen Teil eines Namens oder einer Domain eingeben\./);
    await click('Alder & Finch Logistics · alderfinch.onmicrosoft.com');
    assert.match(JSON.stringify(ava.cards().at(-2)), /✔ Kunde: Alder & Finch Logistics/, 'the answered picker shows the German choice');
    assert.match(JSON.stringify(ava.lastCard()), /Reservierungen von Alder & Finch Logistics/);
    assert.match(JSON.stringify(ava.lastCard()), /Nicht verfügbar: dieser Produkttyp kann weder erstattet noch umgetauscht werden/);
    await click('af-sql-gp8 wählen');

    const customerId = (await bot.app.services.provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
    const reservation = (await bot.app.services.provider.reservations.listReservations(customerId)).find((r) => r.displayName === 'af-sql-gp8')!;
    const { json: expected } = await quoteRefund(bot.app.services, reservation, new Date(SANDBOX_CLOCK));
    const quoteCard = ava.lastCard();
    assert.match(JSON.stringify(quoteCard), /"text":"Kalkulation der Rückerstattung"/);
    assert.match(JSON.stringify(quoteCard), /Es wird nichts eingereicht, bevor Sie bestätigen\./);
    const quote = factsOf(quoteCard);
    assert.equal(quote['Richtlinienvorgabe'], 'csp-2020');
    assert.equal(quote['Verstrichene Laufzeit'], `${expected.usedDays} von ${expected.termDays} Tagen`);
    assert.equal(quote['Gutschrift'], money(expected.credit, 'EUR', 'de'));
    assert.equal(germanDecimal(quote['Gutschrift']), expected.credit);
    assert.equal(quote['Gebühr für vorzeitige Kündigung'], `${money(expected.fee, 'EUR', 'de')} (12 %)`);
    assert.equal(germanDecimal(quote['Gebühr für vorzeitige Kündigung'].replace(' (12 %)', '')), expected.fee);
    assert.equal(quote['Rückerstattung'], `${money(expected.refund, 'EUR', 'de')} (${money(expected.refundUsd, 'USD', 'de')})`);
    assert.equal(germanDecimal(quote['Rückerstattung'].split(' (')[0]), expected.refund);
    // The sandbox's af-sql-gp8 is worth thousands: the German grouping shows.
    assert.match(quote['Rückerstattung'], /^\d{1,3}\.\d{3},\d{2} EUR \(/);
    assert.deepEqual(actionTitlesOf(quoteCard), ['Weiter', 'Abbrechen']);

    await click('Weiter');
    assert.ok(!ava.buttonTitles().includes('Weiter'), 'the answered quote card lost its buttons');
    const confirm = JSON.stringify(ava.lastCard());
    assert.match(confirm, /Antrag auf Rückerstattung bestätigen/);
    assert.match(confirm, /Ihre Kontaktdaten für den Microsoft-Support/);
    assert.match(confirm, /Die Supportanfrage an Microsoft wird auf Englisch verfasst, der Sprache des Microsoft-Supports\./);
    await click('Antrag einreichen', CONTACT);

    const receiptCard = ava.lastCard();
    assert.match(JSON.stringify(receiptCard), /Antrag auf Rückerstattung eingereicht/);
    assert.match(JSON.stringify(receiptCard), new RegExp(`Rückerstattung von ${money(expected.refund, 'EUR', 'de').replace('.', '\\.')} beantragt`));
    assert.match(JSON.stringify(receiptCard), /Microsoft schreibt die Rückerstattung Ihrem Partnerkonto gut, nicht dem Kunden/);
    const receipt = factsOf(receiptCard);
    assert.match(receipt['Supportticket'], /^\d{16}$/);
    assert.equal(receipt['Status'], 'eingereicht — wartet auf die Gutschrift von Microsoft');
    assert.equal(receipt['Reservierungs-ID'].replace(/\\/g, ''), reservation.reservationId);
    assert.equal(receipt['Reservierungsbestellungs-ID'].replace(/\\/g, ''), reservation.reservationOrderId);
    assert.equal(germanDecimal(receipt['Gutschrift']), expected.credit);
    assert.equal(germanDecimal(receipt['Rückerstattung'].split(' (')[0]), expected.refund);
    assert.match(receipt['Eingereicht'], /^15\.06\.2026 \d\d:\d\d UTC$/);

    // One request with the exact decimals; the ticket Microsoft got is English, with the contract's plain decimals.
    const [request] = await bot.app.services.requests.listByCustomer(customerId);
    assert.equal(request.state, 'filed');
    assert.equal(request.ticketId, receipt['Supportticket']);
    assert.equal(request.quote.kind === 'refund' && request.quote.refund, expected.refund);
    assert.equal(tickets.length, 1);
    const [ticket] = tickets;
    assert.equal(ticket.title, `Refund of Azure reservation af-sql-gp8 (${reservation.reservationId})`);
    assert.match(ticket.description, /^Request: cancel the reservation and refund the partner on behalf of a CSP customer\./);
    assert.ok(ticket.description.includes(`refund: ${expected.refund} EUR (${expected.refundUsd} USD)`), ticket.description);
    assert.doesNotMatch(`${ticket.title}\n${ticket.description}`, /Rückerstattung|Kunde|Reservierung|Gutschrift|eingereicht|\d,\d{2} EUR/);
    const audit = await bot.app.services.audit.list({ customerId });
    assert.deepEqual(audit.map((e) => e.type).sort(), ['filed', 'quote-shown']);
  });

  it('files a German exchange to the German receipt; the ticket is English', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    const click = (title: string, inputs = {}) => ava.post({ ...ava.clickActivity(title, inputs), locale: 'de-DE' });
    await ava.post(ava.activity({ text: 'umtausch alder', locale: 'de-DE' }));
    await click('af-batch-e8s-monthly wählen');
    assert.match(JSON.stringify(ava.lastCard()), /"label":"Ersatz \(SKU · Region · Laufzeit und Plan · Preis pro Einheit\)"/);
    const offered = JSON.stringify(ava.lastCard()).match(/"choices":\[\{"title":"[^"]*pro Einheit","value":"([^"]+)"/)![1];
    await click('Umtausch kalkulieren', { replacementId: offered, quantity: '200' });
    const quote = factsOf(ava.lastCard());
    const customerId = (await bot.app.services.provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
    await click('Weiter');
    assert.match(JSON.stringify(ava.lastCard()), /Antrag auf Umtausch bestätigen/);
    await click('Antrag einreichen', CONTACT);
    const receiptCard = ava.lastCard();
    assert.match(JSON.stringify(receiptCard), /Antrag auf Umtausch eingereicht/);
    const receipt = factsOf(receiptCard);
    assert.equal(receipt['Umgetauschte Einheiten'], '4 von 4');
    const [request] = await bot.app.services.requests.listByCustomer(customerId);
    assert.ok(request.quote.kind === 'exchange');
    assert.equal(germanDecimal(quote['Netto zu zahlen']), request.quote.netPayable);
    assert.equal(germanDecimal(receipt['Gutschrift']), request.quote.credit);
    assert.equal(germanDecimal(receipt['Neue Mindestverpflichtung']), request.quote.remainingCommitment);
    assert.equal(tickets.length, 1);
    assert.match(tickets[0].title, /^Exchange of Azure reservation af-batch-e8s-monthly /);
    assert.ok(tickets[0].description.includes(`Credit toward the replacement: ${request.quote.credit} EUR`), tickets[0].description);
  });

  it('says in German that a refund is capped and names the capped amount on its button and the confirm card', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    const click = (title: string, inputs = {}) => ava.post({ ...ava.clickActivity(title, inputs), locale: 'de-DE' });
    await ava.post(ava.activity({ text: '/erstattung brightwater', locale: 'de-DE' }));
    await click('bw-analytics-d16s wählen');
    const card = ava.lastCard();
    const customerId = (await bot.app.services.provider.directory.searchCustomers('brightwater', 0, 1)).items[0].id;
    const reservation = (await bot.app.services.provider.reservations.listReservations(customerId)).find((r) => r.displayName === 'bw-analytics-d16s')!;
    const { json: expected } = await quoteRefund(bot.app.services, reservation, new Date(SANDBOX_CLOCK));
    assert.equal(expected.capped, true, 'precondition: the sandbox customer near its cap');
    const refund = money(expected.refund, expected.currency, 'de');
    assert.ok(
      JSON.stringify(card).includes(
        `Diese Rückerstattung ist begrenzt. Der Kunde hat von seiner jährlichen Erstattungsgrenze von 50.000,00 USD noch ${money(expected.capRemainingUsd, 'USD', 'de')} übrig, daher erstattet Microsoft ${refund} statt ${money(expected.net, expected.currency, 'de')}.`,
      ),
      JSON.stringify(card),
    );
    // Billed in USD: no second USD figure beside the refund.
    assert.equal(expected.currency, 'USD');
    assert.equal(factsOf(card)['Rückerstattung'], `${refund} — begrenzt`);
    assert.deepEqual(actionTitlesOf(card), [
      `Begrenzte Rückerstattung von ${refund} annehmen`,
      'Kalkulation aktualisieren',
      'Stattdessen umtauschen',
      'Abbrechen',
    ]);
    await click(`Begrenzte Rückerstattung von ${refund} annehmen`);
    assert.match(
      JSON.stringify(ava.lastCard()),
      /Sie bestätigen eine Rückerstattung, die auf die verbleibende jährliche Erstattungsgrenze des Kunden begrenzt ist\./,
    );
  });

  it('switches an English Teams client to German with /sprache de and quotes in German, remembered across a restart', async () => {
    const ava = new TeamsClient(bot.url, connector, connectorUrl, AVA);
    await ava.post(ava.activity({ text: '/sprache de', locale: 'en-US' }));
    assert.equal(ava.lastText(), 'Ich antworte ab jetzt auf Deutsch.');

    await bot.app.close();
    bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK });
    ava.retarget(bot.url);
    await ava.post(ava.activity({ text: '/refund alder', locale: 'en-US' }));
    await ava.post({ ...ava.clickActivity('af-batch-e8s-monthly wählen'), locale: 'en-US' });
    const card = JSON.stringify(ava.lastCard());
    assert.match(card, /Kalkulation der Rückerstattung/);
    assert.match(card, /Zurückgegeben werden 4 von 4 Einheiten/);
    await ava.post({ ...ava.clickActivity('Kalkulation aktualisieren', { returnQuantity: '0' }), locale: 'en-US' });
    assert.equal(
      ava.lastText(),
      'Die Anzahl der Einheiten muss eine ganze Zahl von 1 bis 4 sein (die noch rückgabefähigen Einheiten). Die Kalkulation gilt weiterhin für 4 Einheiten.',
    );
  });
});
