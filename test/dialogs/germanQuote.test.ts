import assert from 'node:assert/strict';
import { readContact, severityTitle } from '../../dialogs/contact';
import { pagingData } from '../../dialogs/paging';
import { quoteFacts, usageFacts } from '../../dialogs/quoteFacts';
import { receiptData } from '../../dialogs/receipt';
import { recoveryNoticeActivity } from '../../dialogs/recoveryNotice';
import { storageFailedMessage, stateNotSavedMessage } from '../../dialogs/storageOutage';
import { readTypedUnits } from '../../dialogs/units';
import { StorageUnavailableError } from '../../src/errors';
import type { ExchangeQuoteJson, RefundQuoteJson } from '../../src/domain/quoteContract';
import type { RequestRecord } from '../../src/ports/requestStore';
import { refundDifference } from '../../src/services/azureSettlement';
import { pickReasonText } from '../../src/services/quoting';
import { replacementChoices } from '../../src/services/replacements';
import { newRequest, T0 } from '../notify/fixtures';
import { exchangeQuote, SPEC_EXAMPLE_QUOTE, specExampleExchange } from '../domain/contractInput';

/** The SPEC's sample refund quote (section 3): 9 days after purchase, 12% fee, not capped. */
const REFUND: RefundQuoteJson = SPEC_EXAMPLE_QUOTE;

/** The SPEC's reservation quoted for an exchange into a 9,000.00 EUR replacement, by the policy engine. */
const EXCHANGE: ExchangeQuoteJson = exchangeQuote(specExampleExchange({ totalCommitment: '9000.00', currency: 'EUR' }));

/** A German-formatted amount back to the exact decimal string it shows ("1.234,56 EUR" → "1234.56"). */
function germanDecimal(shown: string): string {
  const match = /^(−?)([0-9.]+(?:,[0-9]+)?) [A-Z]{3}$/.exec(shown);
  assert.ok(match, `not a German amount: ${shown}`);
  return `${match[1] ? '-' : ''}${match[2].replace(/\./g, '').replace(',', '.')}`;
}

const factMap = (facts: Array<{ title: string; value: string }>) => Object.fromEntries(facts.map((f) => [f.title, f.value]));

describe('the refund and exchange path in German', () => {
  describe('quote facts', () => {
    it("name every figure in German and show the quote's exact decimals, German-grouped", () => {
      const facts = factMap(quoteFacts(REFUND, undefined, 'de'));
      assert.deepEqual(Object.keys(facts), [
        'Richtlinienvorgabe',
        'Tage seit dem Kauf',
        'Verstrichene Laufzeit',
        'Regel',
        'Bezahlt',
        'Wert der verstrichenen Laufzeit',
        'Gutschrift',
        'Gebühr für vorzeitige Kündigung',
        'Rückerstattung',
        'Erstattungsgrenze',
        'Verbrauchte Erstattungsgrenze',
        'Verbleibende Erstattungsgrenze',
      ]);
      assert.equal(facts['Gutschrift'], '5.835,62 EUR');
      assert.equal(germanDecimal(facts['Gutschrift']), REFUND.credit);
      assert.equal(facts['Bezahlt'], '6.000,00 EUR');
      assert.equal(germanDecimal(facts['Wert der verstrichenen Laufzeit']), REFUND.used);
      assert.equal(facts['Gebühr für vorzeitige Kündigung'], '700,27 EUR (12 %)');
      assert.equal(facts['Rückerstattung'], '5.135,35 EUR (5.546,18 USD)');
      assert.equal(facts['Erstattungsgrenze'], '50.000,00 USD je Kunde in gleitenden 365 Tagen');
      assert.equal(facts['Verbleibende Erstattungsgrenze'], '30.000,00 USD vorher, 24.453,82 USD nachher');
      assert.equal(facts['Verstrichene Laufzeit'], '10 von 365 Tagen');
      assert.equal(facts['Regel'], 'anteilige Gutschrift abzüglich 12 % Gebühr für vorzeitige Kündigung');
      assert.equal(facts['Richtlinienvorgabe'], 'csp-2020', 'the preset keeps its configured name');
    });

    it('say the same figures in English as before, digit for digit', () => {
      const english = factMap(quoteFacts(REFUND));
      const german = factMap(quoteFacts(REFUND, undefined, 'de'));
      assert.equal(english.Credit, '5,835.62 EUR');
      assert.equal(english['Early termination fee'], '700.27 EUR (12%)');
      assert.equal(english.Refund, '5,135.35 EUR (5,546.18 USD)');
      assert.equal(english['Term elapsed'], '10 of 365 days');
      assert.equal(english['Cap remaining'], '30,000.00 USD before, 24,453.82 USD after');
      // Every amount is the same decimal in both languages: only the grouping differs.
      const digits = (facts: Record<string, string>) =>
        Object.values(facts)
          .join(' ')
          .match(/[0-9][0-9.,]*[0-9]/g)!
          .map((n) => n.replace(/[.,]/g, ''));
      assert.deepEqual(digits(german), digits(english));
    });

    it('mark a capped refund and show the net before the cap', () => {
      const capped = factMap(
        quoteFacts(
          { ...REFUND, capped: true, refund: '2777.78', refundUsd: '3000.00', capRemainingUsd: '3000.00', capRemainingAfterUsd: '0.00' },
          undefined,
          'de',
        ),
      );
      assert.equal(capped['Rückerstattung'], '2.777,78 EUR (3.000,00 USD) — begrenzt');
      assert.equal(capped['Netto vor der Erstattungsgrenze'], '5.135,35 EUR (5.546,18 USD)');
    });

    it('show an exchange with its replacement and net payable, and no fee in German', () => {
      const facts = factMap(
        quoteFacts(
          EXCHANGE,
          {
            itemId: 'i',
            sku: 'Standard_D4s_v5',
            displayName: 'D4s',
            region: 'westeurope',
            term: 'P1Y',
            billingPlan: 'Upfront',
            quantity: 3,
            currency: 'EUR',
            totalCommitment: '9000.00',
          },
          'de',
        ),
      );
      assert.equal(facts['Neue Mindestverpflichtung'], '5.835,62 EUR');
      assert.equal(facts['Ersatz'], '3 × Standard\\_D4s\\_v5 · westeurope · P1Y Upfront');
      assert.equal(facts['Neue Gesamtverpflichtung'], '9.000,00 EUR');
      assert.equal(facts['Netto zu zahlen'], '3.164,38 EUR');
      assert.equal(germanDecimal(facts['Netto zu zahlen']), EXCHANGE.netPayable);
      assert.equal(facts['Gebühr für vorzeitige Kündigung'], undefined);
    });

    it('say in German that usage was not reported and which rule was applied', () => {
      assert.deepEqual(usageFacts({ usageReported: false }, REFUND, 'de'), [
        {
          title: 'Nutzung seit dem Kauf',
          value:
            'Nutzung noch nicht von Azure gemeldet; als genutzt gezählt, daher gilt die Regel anteilige Gutschrift abzüglich 12 % Gebühr für vorzeitige Kündigung. Kalkulieren Sie erneut, sobald Azure die Nutzung meldet.',
        },
      ]);
      assert.equal(
        usageFacts({ usageReported: false }, REFUND)[0].value,
        'usage not yet reported by Azure; counted as used, so the rule applied is prorated credit minus the 12% early termination fee. Quote again once Azure reports usage.',
      );
    });
  });

  describe('units, contact details and reasons', () => {
    it('answers every bad number of units with the range, in German', () => {
      for (const typed of ['0', '5', '-1', '2.5', 'abc']) {
        assert.deepEqual(
          readTypedUnits(typed, 4, 'de'),
          { kind: 'invalid', message: 'Die Anzahl der Einheiten muss eine ganze Zahl von 1 bis 4 sein (die noch rückgabefähigen Einheiten).' },
          typed,
        );
      }
      assert.deepEqual(readTypedUnits('2', 1, 'de', 'exchange'), {
        kind: 'invalid',
        message: 'Die Anzahl der umzutauschenden Einheiten dieser Reservierung muss 1 sein.',
      });
      assert.deepEqual(readTypedUnits('3', 4, 'de'), { kind: 'units', units: 3 });
      assert.deepEqual(readTypedUnits('', 4, 'de'), { kind: 'none' });
      assert.equal(
        (readTypedUnits('9', 4) as { message: string }).message,
        'The number of units must be a whole number from 1 to 4 (the units still returnable).',
      );
    });

    it('names every contact problem in German, and keeps the values the ticket gets', () => {
      const { contact, problems } = readContact(
        {
          firstName: '',
          lastName: 'x'.repeat(61),
          email: 'nope',
          preferredContactMethod: 'phone',
          timeZone: 'UTC',
          country: 'Deutschland',
          language: 'deutsch',
        },
        'de',
      );
      assert.equal(contact, undefined);
      assert.deepEqual(problems, [
        'Vorname ist erforderlich',
        'Nachname ist länger als 60 Zeichen',
        'E-Mail ist keine E-Mail-Adresse',
        'Telefon ist erforderlich, wenn die bevorzugte Kontaktmethode Telefon ist',
        'Land muss ein dreistelliger ISO-Code sein, etwa DEU, AUT oder CHE',
        'Sprache muss wie de-de oder en-us aussehen',
      ]);
      const ok = readContact(
        {
          firstName: 'Anna',
          lastName: 'Schmidt',
          email: 'anna@example.de',
          timeZone: 'W. Europe Standard Time',
          country: 'deu',
          language: 'de-DE',
          severity: 'moderate',
        },
        'de',
      );
      assert.deepEqual(ok.contact, {
        firstName: 'Anna',
        lastName: 'Schmidt',
        email: 'anna@example.de',
        preferredContactMethod: 'email',
        timeZone: 'W. Europe Standard Time',
        country: 'DEU',
        language: 'de-de',
      });
      assert.equal(ok.severity, 'moderate', 'the Support API value, whatever the card language');
      assert.equal(severityTitle('minimal', 'de'), 'Minimal (geringe Auswirkung)');
      assert.equal(severityTitle('minimal'), 'Minimal');
    });

    it('gives every reason a reservation cannot be picked in German', () => {
      assert.equal(pickReasonText('request-open', 'de'), 'für sie ist bereits ein Antrag auf Rückerstattung oder Umtausch offen');
      assert.equal(pickReasonText('request-open'), 'a refund or exchange request for it is already open');
      assert.equal(pickReasonText('not-refundable-type', 'de'), 'dieser Produkttyp kann weder erstattet noch umgetauscht werden');
    });

    it('pages in German', () => {
      assert.equal(pagingData(1, 12, 5, 'de').pageText, 'Seite 2 von 3');
      assert.equal(pagingData(1, 12, 5).pageText, 'Page 2 of 3');
    });

    it('says in German which replacements are not offered and why the picker is empty', () => {
      const item = (sku: string, currency: string) => ({
        id: sku,
        sku,
        displayName: sku,
        region: 'westeurope',
        term: 'P1Y' as const,
        billingPlan: 'Upfront' as const,
        currency,
        unitPrice: '100.00' as never,
        reservedResourceType: 'VirtualMachines',
      });
      const offer = { sameTypeProducts: 6, items: [item('A', 'EUR'), item('B', 'USD'), item('C', 'USD'), item('D', 'USD'), item('E', 'GBP')], unpriced: [] };
      assert.equal(
        replacementChoices(offer as never, 'EUR', 'de').notOffered,
        'Nicht angeboten: B P1Y Upfront, C P1Y Upfront, D P1Y Upfront und 1 weiterer Kandidat in GBP, USD bepreist, nicht in EUR.',
      );
      assert.equal(
        replacementChoices({ sameTypeProducts: 2, items: [], unpriced: [] }, 'EUR', 'de').emptyReason,
        'die 2 Produkte desselben Typs im Katalog können mit diesem Abonnement nicht gekauft werden (eingeschränkte Laufzeiten oder Region)',
      );
      assert.equal(
        replacementChoices({ sameTypeProducts: 1, items: [], unpriced: [] }, 'EUR', 'de').emptyReason,
        'das 1 Produkt desselben Typs im Katalog kann mit diesem Abonnement nicht gekauft werden (eingeschränkte Laufzeiten oder Region)',
      );
    });
  });

  describe('receipts', () => {
    const record = (state: RequestRecord['state'], extra: Partial<RequestRecord> = {}): RequestRecord =>
      ({
        ...newRequest({ details: { returnQuantity: 1, quantity: 2, reservationName: 'vm-ri' } }),
        id: 'rq-1',
        state,
        ticketId: '2603101234567890',
        filedAt: T0.toISOString(),
        createdAt: T0.toISOString(),
        updatedAt: T0.toISOString(),
        ...extra,
      }) as RequestRecord;

    it('says in German that a filed refund waits for Microsoft, with German figures equal to the quote', () => {
      const data = receiptData(record('filed'), 'de');
      assert.equal(data.title, 'Antrag auf Rückerstattung eingereicht');
      assert.equal(data.headline, 'Rückerstattung von 5.135,35 EUR beantragt');
      assert.match(String(data.next), /^Microsoft schreibt die Rückerstattung Ihrem Partnerkonto gut, nicht dem Kunden\./);
      const facts = factMap(data.facts as Array<{ title: string; value: string }>);
      assert.equal(facts['Supportticket'], '2603101234567890');
      assert.equal(facts['Status'], 'eingereicht — wartet auf die Gutschrift von Microsoft');
      assert.equal(facts['Zurückgegebene Einheiten'], '1 von 2');
      assert.equal(facts['Eingereicht'], '10.03.2026 12:00 UTC');
      assert.equal(facts['Tage seit dem Kauf'], '200');
      assert.equal(germanDecimal(String(data.headline).replace(/^Rückerstattung von (.+) beantragt$/, '$1')), '5135.35');
    });

    it('shown again after the credit, says in German how much was credited', () => {
      const data = receiptData(record('credited', { creditedAmount: '5135.35', creditedAt: T0.toISOString() }), 'de');
      assert.equal(data.title, 'Rückerstattung gutgeschrieben');
      assert.equal(data.next, 'Microsoft hat 5.135,35 EUR Ihrem Partnerkonto gutgeschrieben: Erstatten Sie jetzt Ihrem Kunden.');
    });

    it("shows a return Azure made itself with Azure's figures and the difference in German", () => {
      const data = receiptData(record('filed', { settleVia: 'azure-return', confirmedAzureRefund: { amount: '5835.62', currency: 'EUR' } }), 'de');
      assert.equal(data.title, 'Über Azure zurückgegeben');
      const facts = factMap(data.facts as Array<{ title: string; value: string }>);
      assert.equal(facts['Erledigt durch'], 'Rückgabe durch Azure selbst (keine Supportanfrage)');
      assert.equal(facts['Rückerstattung durch Azure'], '5.835,62 EUR');
      assert.equal(
        facts['Differenz'],
        'Azure erstattet 700,27 EUR mehr als die Kalkulation: Die Rückgabe durch Azure selbst berechnet keine Gebühr für vorzeitige Kündigung.',
      );
    });

    it('comes in German with a recovery notice for a request filed in German', () => {
      const notice = recoveryNoticeActivity(record('filed', { locale: 'de' }), 'filed');
      const card = notice.attachments![0].content as { body: Array<{ text?: string }> };
      assert.equal(card.body[0].text, 'Antrag auf Rückerstattung eingereicht');
      assert.match(JSON.stringify(card), /"title":"Supportticket","value":"2603101234567890"/);
    });

    it("names the difference between Azure's refund and ours in both languages", () => {
      const ours = { amount: '5135.35', currency: 'EUR' };
      assert.equal(refundDifference(ours, { amount: '5135.35', currency: 'EUR' }, 'return', 'de'), 'Azure erstattet genau den Betrag der Kalkulation.');
      assert.equal(refundDifference(ours, { amount: '5000.00', currency: 'EUR' }, 'exchange', 'de'), 'Azure erstattet 135,35 EUR weniger als die Kalkulation.');
      assert.equal(
        refundDifference(ours, { amount: '5235.35', currency: 'EUR' }),
        "Azure refunds 100.00 EUR more than the quote: Azure's own return charges no early termination fee.",
      );
      assert.equal(refundDifference(ours, undefined, 'exchange', 'de'), 'Azure hat seine Rückerstattung nicht angegeben.');
    });
  });

  it('tells a storage outage in German, and what Microsoft has', () => {
    const failure = (sentToMicrosoft?: 'yes' | 'maybe' | 'no') =>
      new StorageUnavailableError('down', { cause: 'timeout', ...(sentToMicrosoft ? { sentToMicrosoft, ticketId: '2603101234567890' } : {}) } as never);
    assert.match(
      storageFailedMessage(failure('yes'), 'de'),
      /^Microsoft hat das Supportticket 2603101234567890 für diesen Antrag, aber der Speicher antwortet nicht.* Klicken Sie in einer Minute erneut auf „Antrag einreichen“/,
    );
    assert.match(
      storageFailedMessage(failure('no'), 'de'),
      /^Der Speicher antwortet nicht, daher wurde dieser Antrag nicht eingereicht: Es wurde nichts an Microsoft gesendet\./,
    );
    assert.equal(
      storageFailedMessage(failure(), 'de'),
      'Der Speicher antwortet nicht; es wurde nichts eingereicht. Bitte versuchen Sie es in einer Minute erneut.',
    );
    assert.equal(storageFailedMessage(failure()), 'Storage is not answering; nothing was filed. Please try again in a minute.');
    assert.match(stateNotSavedMessage('de'), /^Der Speicher antwortet nicht, daher wurde nicht gespeichert/);
    assert.equal(
      stateNotSavedMessage('en'),
      'Storage is not answering, so where you are in this flow was not saved. What is shown above stands; if you click a button again, nothing is done twice.',
    );
  });
});
