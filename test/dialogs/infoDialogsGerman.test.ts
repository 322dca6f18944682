import assert from 'node:assert/strict';
import { capCardData, releaseText } from '../../dialogs/capDialog';
import { parseSubscriptionText } from '../../dialogs/subscriptionsDialog';
import { CAP_WINDOW_MS } from '../../src/domain/cap';
import { Decimal } from '../../src/domain/money';
import { t } from '../../src/i18n';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { newRequest } from '../notify/fixtures';
import { actionsOf, deskOnTestAdapter, factsOf, type Json } from './deskHarness';

const AVA = 'ava.lindqvist'; // Admin agent
const GUS = 'gus.moreno'; // no acting role

/** A desk whose agent Ava chose German with /language (remembered, so her card clicks are answered in German too). */
async function germanDesk() {
  const desk = deskOnTestAdapter();
  await desk.say(AVA, '/language de');
  return desk;
}

const cardJson = (desk: ReturnType<typeof deskOnTestAdapter>) => JSON.stringify(desk.lastCard());
const buttonTitles = (card: Json) => actionsOf(card).map((a) => a.title);

describe('the information commands in German', () => {
  it('/cap: German amounts (1.234,56 USD) and dates (DD.MM.YYYY), figures as the ledger has them', async () => {
    const desk = await germanDesk();
    const history = (desk.services.provider as SandboxProvider).capHistory();
    for (const entry of history) await desk.services.capLedger.reserve(entry.customerId, entry.requestId, entry.amountUsd, entry.at);
    await desk.say(AVA, '/cap brightwater');
    const card = desk.lastCard();
    const facts = factsOf(card);
    assert.equal(facts.Grenze, '50.000,00 USD je gleitende 365 Tage');
    assert.equal(facts.Verbraucht, '46.500,00 USD');
    assert.equal(facts.Verbleibend, '3.500,00 USD');
    assert.match(JSON.stringify(card), /Erstattungsgrenze von Brightwater/);
    assert.match(JSON.stringify(card), /Wann die Grenze wieder frei wird/);
    const german = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.${d.getUTCFullYear()}`;
    const expected = history
      .filter((e) => e.requestId.includes('brightwater') && e.at.getTime() + CAP_WINDOW_MS > Date.parse('2026-06-15T10:00:00Z'))
      .map(
        (e) =>
          `${e.amountUsd
            .toFixed(2)
            .replace('.', ',')
            .replace(
              /\B(?=(\d{3})+(?!\d))/g,
              '.',
            )} USD frei ab ${german(new Date(e.at.getTime() + CAP_WINDOW_MS))} (Rückerstattung eingereicht am ${german(e.at)})`,
      );
    assert.deepEqual(JSON.stringify(card).match(/[\d.]+,\d\d USD frei ab [^"]+\)/g), expected);
    assert.equal(expected.length, 3);
  });

  it('/cap without a customer, with an unknown one, and for an agent without a role: answered in German', async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/cap');
    assert.equal(desk.texts().at(-1), 'Welcher Kunde? Geben Sie /cap und einen Teil seines Namens oder seiner Domain ein, z. B. /cap contoso.');
    await desk.say(AVA, '/cap nosuchcustomer');
    assert.equal(desk.texts().at(-1), 'Kein Kunde passt zu „nosuchcustomer“.');
    await desk.sayWith(GUS, '/cap brightwater', { locale: 'de-DE' });
    assert.match(desk.texts().at(-1)!, /^Leider dürfen nur Partnerbenutzer/);
  });

  it("builds the cap card's words from the catalog per language; English stays as it was", () => {
    const status = {
      limitUsd: new Decimal('50000'),
      consumedUsd: new Decimal('5546.18'),
      remainingUsd: new Decimal('44453.82'),
      releases: [{ requestId: 'r1', amountUsd: new Decimal('5546.18'), filedAt: new Date('2026-03-10T12:00:00Z'), freesAt: new Date('2027-03-10T12:00:00Z') }],
    } as unknown as Parameters<typeof capCardData>[1];
    const customer = { id: 'c', name: 'Contoso Ltd', domain: 'contoso.example', tenantId: 't' } as Parameters<typeof capCardData>[0];
    assert.equal(releaseText(new Decimal('5546.18'), new Date('2027-03-10T12:00:00Z')), '5,546.18 USD frees on 2027-03-10');
    assert.equal(releaseText(new Decimal('5546.18'), new Date('2027-03-10T12:00:00Z'), 'de'), '5.546,18 USD frei ab 10.03.2027');
    const english = capCardData(customer, status);
    assert.equal(english.title, 'Refund cap of Contoso Ltd');
    assert.equal(english.summary, 'Refund cap of Contoso Ltd: 44,453.82 USD left');
    assert.deepEqual(english.facts, [
      { title: 'Cap', value: '50,000.00 USD per rolling 365 days' },
      { title: 'Consumed', value: '5,546.18 USD' },
      { title: 'Remaining', value: '44,453.82 USD' },
    ]);
    const german = capCardData(customer, status, 'de');
    assert.equal(german.summary, 'Erstattungsgrenze von Contoso Ltd: 44.453,82 USD verbleibend');
    assert.deepEqual(german.releases, [{ text: '5.546,18 USD frei ab 10.03.2027 (Rückerstattung eingereicht am 10.03.2026)' }]);
  });

  it('/requests: German title, request kind, state name, amount and date; the export button in German', async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/requests');
    assert.match(cardJson(desk), /Ihre kürzlichen Anträge/);
    assert.match(cardJson(desk), /Noch keine Anträge\./);
    const { record } = await desk.services.requests.create(
      newRequest({ agent: { partnerUserId: AVA, chatUserId: `playground:${AVA}` } }),
      new Date('2026-03-10T12:00:00Z'),
    );
    await desk.services.requests.transition(record.id, 'filed', { ticketId: 'T-4711', filedAt: '2026-03-10T12:00:00.000Z' }, new Date('2026-03-10T12:00:00Z'));
    await desk.say(AVA, '/requests');
    const card = cardJson(desk);
    assert.match(card, /Rückerstattung · Contoso Ltd · sql-gp8/);
    assert.match(card, /eingereicht — wartet auf die Gutschrift von Microsoft · Rückerstattung 5\.135,35 EUR · Ticket T-4711 · 10\.03\.2026/);
    assert.deepEqual(buttonTitles(desk.lastCard()), ['Finanzexport (CSV)']);
  });

  it('/requests for a customer text matching several: said in German', async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/requests onmicrosoft');
    assert.match(desk.texts().at(-1)!, /^7 Kunden passen zu „onmicrosoft“; angezeigt wird .+\. Geben Sie mehr vom Namen/);
    assert.match(cardJson(desk), /Anträge für .+Noch keine Anträge/);
  });

  it('/requests export: the link message in German, the since-date as DD.MM.YYYY; the card button works in German', async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/requests export alder');
    assert.match(
      desk.texts().at(-1)!,
      /^Der Finanzexport der Anträge von Alder & Finch Logistics seit 15\.06\.2025 \(CSV, eine Zeile je Antrag, jeder Betrag wie kalkuliert\): http:\/\/127\.0\.0\.1:3978\/\S+\nDer Link gilt 15 Minuten\.$/,
    );
    await desk.say(AVA, '/requests');
    await desk.clickButton(AVA, 'Finanzexport (CSV)');
    assert.match(desk.texts().at(-1)!, /^Der Finanzexport aller Anträge seit 15\.06\.2025/);
    const exported = await desk.services.audit.list({ type: 'exported' });
    assert.equal(exported.length, 2, 'the audit events stay as they were');
  });

  it('/reservation: the overview card in German, amounts and dates per German, and its buttons lead on in German', async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/reservation alder');
    await desk.say(AVA, 'af-web');
    const facts = factsOf(desk.lastCard());
    const provider = desk.services.provider as SandboxProvider;
    const customerId = (await provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
    const r = (await provider.reservations.listReservations(customerId)).find((x) => x.displayName === 'af-web-d4s-fresh')!;
    assert.equal(facts['Reservierungs-ID'], r.reservationId);
    assert.equal(facts.Bereich, 'Freigegeben');
    assert.equal(facts.Ablauf, `${r.expiry.toISOString().slice(8, 10)}.${r.expiry.toISOString().slice(5, 7)}.${r.expiry.toISOString().slice(0, 4)}`);
    assert.match(facts.Gesamtverpflichtung, /^\d{1,3}(\.\d{3})*,\d\d [A-Z]{3}$/);
    assert.match(facts.Auslastung, /^(1 Tag .+ · 7 Tage .+ · 30 Tage .+|Nutzung von Azure noch nicht gemeldet)$/);
    assert.doesNotMatch(facts.Auslastung, /\d\.\d/, 'percentages with a decimal comma');
    assert.match(cardJson(desk), /Reservierung von Alder & Finch Logistics/);
    assert.deepEqual(buttonTitles(desk.lastCard()), ['Bereich ändern', 'Verlängerung', 'Zugriff', 'Umbenennen']);
    await desk.clickButton(AVA, 'Verlängerung');
    assert.match(cardJson(desk), /Automatische Verlängerung/);
    assert.equal(factsOf(desk.lastCard())['Verlängert sich bei Ablauf'], 'Nein');
  });

  it("names Azure's four scope types in German and shows any other value as Azure wrote it, in both languages", () => {
    assert.equal(t('de', 'overview.scope', { scope: 'Single' }), 'Einzelnes Abonnement');
    assert.equal(t('en', 'overview.scope', { scope: 'Single' }), 'Single');
    assert.equal(t('de', 'overview.scope', { scope: 'Tenant {x}' }), 'Tenant {x}');
    assert.equal(t('en', 'overview.scope', { scope: 'Tenant {x}' }), 'Tenant {x}');
  });

  it("/subscribe, /subscriptions, /unsubscribe in German; the topic words stay the command's", async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/subscribe expiry alder');
    assert.match(
      desk.texts().at(-1)!,
      /^Diese Unterhaltung hat abonniert:\n• expiry für Alder & Finch Logistics: Reservierungen, die innerhalb von 30 und von 7 Tagen ablaufen/,
    );
    await desk.say(AVA, '/subscribe credits alle');
    assert.match(desk.texts().at(-1)!, /• credits für alle Kunden: Gutschriftsmeldungen/);
    await desk.say(AVA, '/subscribe expiry alder');
    assert.match(desk.texts().at(-1)!, /expiry für Alder & Finch Logistics \(bereits abonniert\)/);
    await desk.say(AVA, '/subscriptions');
    assert.match(desk.texts().at(-1)!, /• credits für alle Kunden/);
    assert.match(desk.texts().at(-1)!, /Beenden Sie eines mit \/unsubscribe/);
    await desk.say(AVA, '/unsubscribe expiry alder');
    assert.match(desk.texts().at(-1)!, /^• beendet: expiry für Alder & Finch Logistics$/);
    await desk.say(AVA, '/unsubscribe expiry alder');
    assert.match(desk.texts().at(-1)!, /^• es gab kein Abonnement expiry für Alder & Finch Logistics$/);
    assert.deepEqual((await desk.services.audit.list({})).map((e) => e.type).sort(), ['subscribed', 'subscribed', 'unsubscribed']);
  });

  it('answers unknown topics and customers in German, changing nothing', async () => {
    const desk = await germanDesk();
    await desk.say(AVA, '/subscribe wetter alder');
    assert.match(desk.texts().at(-1)!, /^„wetter“ ist kein Thema\. Geben Sie \/subscribe ein/);
    await desk.say(AVA, '/unsubscribe');
    assert.match(desk.texts().at(-1)!, /^Geben Sie \/unsubscribe ein, gefolgt von .* z\. B\. \/unsubscribe expiry underused contoso\.$/);
    await desk.say(AVA, '/subscribe expiry nosuchcustomer');
    assert.equal(desk.texts().at(-1), 'Kein Kunde passt zu „nosuchcustomer“. Es wurde nichts geändert.');
    await desk.say(AVA, '/subscribe expiry e');
    assert.match(desk.texts().at(-1)!, /^\d+ Kunden passen zu „e“ \(.+\)\. Geben Sie mehr vom Namen/);
    await desk.say(AVA, '/subscriptions');
    assert.match(desk.texts().at(-1)!, /^Diese Unterhaltung hat keine Abonnements\. Geben Sie \/subscribe ein/);
    assert.deepEqual(await desk.services.subscriptions.listByTopic('expiry'), []);
  });

  it('parses the same topics whatever the language of the answer; the error is in the language asked for', () => {
    assert.deepEqual(parseSubscriptionText('Expiry,credits  contoso ltd', 'de'), { topics: ['expiry', 'credits'], customerText: 'contoso ltd' });
    assert.deepEqual(parseSubscriptionText('weather x'), {
      error: `"weather" is not a topic. Type /subscribe followed by one or more topics (expiry, underused, credits) and a customer, or "all" for every customer, e.g. /subscribe expiry underused contoso.`,
    });
    assert.match((parseSubscriptionText('', 'de', 'unsubscribe') as { error: string }).error, /^Geben Sie \/unsubscribe ein/);
  });
});
