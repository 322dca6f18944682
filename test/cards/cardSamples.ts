import { CARD_NAMES, renderCard, type AdaptiveCard, type CardName } from '../../src/cards/render';
import { cardText, plainText } from '../../src/cards/text';
import { Decimal } from '../../src/domain/money';
import type { Reservation } from '../../src/ports/reservations';
import { DIGEST_ENTRIES_SHOWN, expiryReminderData, TOPIC_CARD_ID, underusedDigestData } from '../../src/cards/topicCards';
import { t as message, type Locale } from '../../src/i18n';
import { capCardData } from '../../dialogs/capDialog';
import { requestLines } from '../../dialogs/requestsDialog';
import { day, money } from '../../src/cards/format';
import { quoteFacts } from '../../dialogs/quoteFacts';
import { receiptData } from '../../dialogs/receipt';
import type { RefundQuoteJson, ExchangeQuoteJson } from '../../src/domain/quoteContract';
import type { RequestRecord } from '../../src/ports/requestStore';

/**
 * Representative data for every card in cards/, built the way the dialogs build it (same fields, same
 * cardText/plainText limits; see dialogs/*.ts), so a test can swap in hostile customer/provider strings.
 */

/** Strings that come from customers, providers or the agent's typing, i.e. the ones a test may make hostile. */
export interface OutsideText {
  customerName: string;
  customerDomain: string;
  reservationName: string;
  sku: string;
  region: string;
  query: string;
  ticketId: string;
  /** Ids travel in Action.Submit data unescaped; they must arrive exactly as given. */
  customerId: string;
  reservationId: string;
  replacementId: string;
}

export const BENIGN: OutsideText = {
  customerName: 'Contoso Ltd',
  customerDomain: 'contoso.onmicrosoft.com',
  reservationName: 'VM_RI_2025-01-15',
  sku: 'Standard_D2s_v5',
  region: 'westeurope',
  query: 'cont',
  ticketId: '2511270010000123',
  customerId: '7d7c1a5e-0f43-4a5b-9b0e-3e1a7e2f0c11',
  reservationId: 'b9f0d2c4-6a71-4c7e-8c2f-51d9e0a3b6f7',
  replacementId: 'DZH318Z0BQ4L:00NG:westeurope:P1Y:Upfront',
};

/** The limits the dialogs pass to cardText/plainText for each kind of outside string. */
export const LIMITS = {
  name: 80,
  summary: 160,
  reason: 200,
  button: 60,
  actionLabel: 100,
  answered: 120,
  replacementTitle: 150,
  contact: 254,
  title: 100,
  requestHeadline: 160,
  requestDetail: 200,
  defaultText: 200,
} as const;

/** The card id CardPrompt puts into every prompt card's data. */
export const CARD_ID = '0f5e6a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
export const REQUEST_KEY = 'e1d2c3b4-a596-4877-8899-aabbccddeeff';

/** Cards sent through CardPrompt: they ask for a decision and are re-rendered closed once answered. */
export const PROMPT_CARDS: ReadonlySet<CardName> = new Set<CardName>(['customer-picker', 'reservation-picker', 'refund-quote', 'replacement-picker', 'exchange-quote', 'confirm', 'reservation-overview', 'manage-choices', 'change-confirm', 'rename', 'access']);

export interface CardSample {
  card: CardName;
  /** What this sample represents (e.g. "capped, open"). */
  variant: string;
  /** undefined for cards that never ask (receipt, notices). */
  open?: boolean;
  data: Record<string, unknown>;
}

const quoteFactsSample = (t: OutsideText, kind: 'refund' | 'exchange') => [
  { title: 'Policy', value: 'current' },
  { title: 'Days since purchase', value: '120 (120 of 365 days used)' },
  { title: 'Paid', value: '1,200.00 EUR' },
  { title: 'Credit', value: '805.48 EUR' },
  ...(kind === 'refund'
    ? [
        { title: 'Early termination fee', value: '96.66 EUR (12%)' },
        { title: 'Refund', value: '708.82 EUR (771.21 USD)' },
        { title: 'Cap remaining', value: '49,228.79 USD before, 48,457.58 USD after' },
      ]
    : [
        { title: 'Minimum new commitment', value: '805.48 EUR' },
        { title: 'Replacement', value: cardText(`2 × ${t.reservationName} (${t.sku}), ${t.region}, P1Y Upfront`, 200) },
        { title: 'Net payable', value: '1,194.52 EUR' },
      ]),
];

/** A refund and an exchange quote (SPEC section 3's sample figures) for the samples built with the dialogs' own builders. */
const REFUND_QUOTE: RefundQuoteJson = {
  kind: 'refund', policy: 'csp-2020', eligible: true, reasons: [], currency: 'EUR', daysSincePurchase: 9, termDays: 365, usedDays: 10, rule: 'prorated-with-fee',
  paid: '6000.00', used: '164.38', credit: '5835.62', feeRate: '0.12', fee: '700.27', net: '5135.35', netUsd: '5546.18', capLimitUsd: '50000.00',
  capConsumedUsd: '47000.00', capRemainingUsd: '3000.00', capped: true, refund: '2777.78', refundUsd: '3000.00', capRemainingAfterUsd: '0.00',
};
const EXCHANGE_QUOTE: ExchangeQuoteJson = {
  kind: 'exchange', policy: 'csp-2020', eligible: true, reasons: [], currency: 'EUR', daysSincePurchase: 9, termDays: 365, usedDays: 10, rule: 'prorated',
  paid: '6000.00', used: '164.38', credit: '5835.62', remainingCommitment: '5835.62', newTotal: '9000.00', netPayable: '3164.38',
};
const replacementOf = (t: OutsideText) => ({ itemId: t.replacementId, sku: t.sku, displayName: t.reservationName, region: t.region, term: 'P1Y', billingPlan: 'Upfront', quantity: 3, currency: 'EUR', totalCommitment: '9000.00' });

/** The data a dialog passes for a card, before CardPrompt adds cardId/open/answered. */
function dialogData(card: CardName, t: OutsideText, shape: string): Record<string, unknown> {
  switch (card) {
    case 'customer-picker': {
      const none = shape === 'no matches';
      return {
        query: cardText(t.query, LIMITS.name),
        total: none ? 0 : 12,
        pageText: 'Page 2 of 3',
        hasPrevious: true,
        hasMore: true,
        previousPage: 0,
        nextPage: 2,
        customers: none
          ? []
          : [0, 1].map((i) => ({
              id: i === 0 ? t.customerId : `${t.customerId}-2`,
              button: plainText(`${t.customerName} · ${t.customerDomain}`, LIMITS.button),
              label: plainText(`Customer: ${t.customerName}`, LIMITS.actionLabel),
            })),
      };
    }
    case 'reservation-picker': {
      const locale: Locale = shape === 'German' ? 'de' : 'en';
      if (locale === 'de') {
        return {
          customerName: cardText(t.customerName, LIMITS.name),
          customerId: t.customerId,
          purpose: 'refund',
          pageText: message(locale, 'pick.pageText', { page: 1, pages: 2 }),
          hasPrevious: false,
          hasMore: true,
          previousPage: -1,
          nextPage: 1,
          reservations: [true, false].map((choosable) => ({
            id: choosable ? t.reservationId : `${t.reservationId}-b`,
            name: cardText(t.reservationName, LIMITS.name),
            summary: cardText(message(locale, 'pick.reservation.summary', { sku: t.sku, region: t.region, returnable: 3, quantity: 3, term: 'P1Y', billingPlan: 'Upfront', expiry: '15.01.2026' }), LIMITS.summary),
            choosable,
            reason: choosable ? '' : cardText(message(locale, 'pick.reservation.notAvailable', { reasons: message(locale, 'reason.request-open') }), LIMITS.reason),
            button: plainText(message(locale, 'pick.reservation.button', { name: t.reservationName }), LIMITS.button),
            label: plainText(message(locale, 'pick.reservation.label', { name: t.reservationName }), LIMITS.actionLabel),
          })),
        };
      }
      return {
        customerName: cardText(t.customerName, LIMITS.name),
        customerId: t.customerId,
        purpose: 'refund',
        pageText: 'Page 1 of 2',
        hasPrevious: false,
        hasMore: true,
        previousPage: -1,
        nextPage: 1,
        reservations: [true, false].map((choosable) => ({
          id: choosable ? t.reservationId : `${t.reservationId}-b`,
          name: cardText(t.reservationName, LIMITS.name),
          summary: cardText(`${t.sku} · ${t.region} · 3 of 3 · P1Y Upfront · expires 2026-01-15`, LIMITS.summary),
          choosable,
          reason: choosable ? '' : cardText('Not available: a request for it is already open', LIMITS.reason),
          button: plainText(`Choose ${t.reservationName}`, LIMITS.button),
          label: plainText(`Reservation: ${t.reservationName}`, LIMITS.actionLabel),
        })),
      };
    }
    case 'refund-quote': {
      if (shape === 'German, capped') {
        return {
          summary: plainText(message('de', 'quote.summary.refund', { name: t.reservationName }), 150),
          customerName: cardText(t.customerName, LIMITS.name),
          reservationName: cardText(t.reservationName, LIMITS.name),
          reservationId: cardText(t.reservationId, LIMITS.name),
          policy: 'csp-2020',
          eligible: true,
          canRefund: true,
          reasons: '',
          facts: quoteFacts(REFUND_QUOTE, undefined, 'de'),
          capped: true,
          cappedText: message('de', 'refund.capped', { remaining: '3.000,00 USD', limit: '50.000,00 USD', refund: '2.777,78 EUR', net: '5.135,35 EUR', fitsOn: ` ${message('de', 'cap.fitsOn', { amount: '5.546,18 USD', day: '10.03.2027' })}` }),
          continueLabel: message('de', 'refund.acceptCapped', { amount: '2.777,78 EUR' }),
          refund: '2.777,78 EUR',
          unitsText: message('de', 'quote.units', { units: 2, quantity: 4 }),
          estimateNote: message('de', 'quote.microsoft.unavailable'),
          multiUnit: true,
          returnQuantity: 2,
          maxQuantity: 4,
        };
      }
      const capped = shape === 'capped';
      const eligible = shape !== 'ineligible';
      return {
        summary: plainText(`Refund quote for ${t.reservationName}`, 150),
        customerName: cardText(t.customerName, LIMITS.name),
        reservationName: cardText(t.reservationName, LIMITS.name),
        reservationId: cardText(t.reservationId, LIMITS.name),
        policy: 'current',
        eligible,
        canRefund: eligible,
        reasons: eligible ? '' : 'expired, returned',
        facts: quoteFactsSample(t, 'refund'),
        capped,
        cappedText: capped ? 'This refund is capped. The customer has 300.00 USD of its 50,000 USD yearly refund cap left, so Microsoft will refund 275.73 EUR instead of 708.82 EUR.' : '',
        continueLabel: capped ? 'Accept capped refund of 275.73 EUR' : 'Continue',
        refund: '708.82 EUR',
        unitsText: '2 of 4 units',
        estimateNote: capped ? cardText(`Microsoft's estimate: ${t.customerName}`, 200) : '',
        multiUnit: eligible,
        returnQuantity: 2,
        maxQuantity: 4,
      };
    }
    case 'replacement-picker':
      if (shape === 'German') {
        return {
          customerName: cardText(t.customerName, LIMITS.name),
          reservationName: cardText(t.reservationName, LIMITS.name),
          currency: 'EUR',
          quantity: 3,
          maxQuantity: 1000,
          multiUnit: true,
          minimum: '5.835,62 EUR',
          returnQuantity: 3,
          maxReturn: 3,
          firstItemId: t.replacementId,
          notOffered: cardText(message('de', 'replacements.notOffered', { parts: message('de', 'replacements.unpriced', { candidates: `${t.sku} P1Y Upfront`, reasons: 'no price' }) }), 400),
          choices: [t.replacementId, `${t.replacementId}-2`].map((value) => ({
            value,
            title: plainText(message('de', 'exchange.choiceTitle', { sku: t.sku, region: t.region, term: 'P1Y', billingPlan: 'Upfront', price: '1.945,21 EUR' }), LIMITS.replacementTitle),
          })),
        };
      }
      return {
        customerName: cardText(t.customerName, LIMITS.name),
        reservationName: cardText(t.reservationName, LIMITS.name),
        currency: 'EUR',
        quantity: 3,
        maxQuantity: 1000,
        multiUnit: true,
        minimum: '805.48 EUR',
        returnQuantity: 3,
        maxReturn: 3,
        firstItemId: t.replacementId,
        notOffered: cardText(`Not offered: 2 candidates without a price from Azure (Azure gives no price for ${t.sku}).`, 400),
        choices: [t.replacementId, `${t.replacementId}-2`].map((value) => ({
          value,
          title: cardText(`${t.reservationName} (${t.sku}) · ${t.region} · P1Y Upfront · 597.26 EUR per unit`, LIMITS.replacementTitle),
        })),
      };
    case 'exchange-quote': {
      if (shape === 'German') {
        return {
          unitsText: message('de', 'quote.units', { units: 2, quantity: 4 }),
          summary: plainText(message('de', 'quote.summary.exchange', { name: t.reservationName }), 150),
          customerName: cardText(t.customerName, LIMITS.name),
          reservationName: cardText(t.reservationName, LIMITS.name),
          reservationId: cardText(t.reservationId, LIMITS.name),
          policy: 'csp-2020',
          eligible: true,
          refusal: '',
          facts: quoteFacts(EXCHANGE_QUOTE, replacementOf(t), 'de'),
        };
      }
      const eligible = shape !== 'ineligible';
      return {
        unitsText: '2 of 4 units',
        summary: plainText(`Exchange quote for ${t.reservationName}`, 150),
        customerName: cardText(t.customerName, LIMITS.name),
        reservationName: cardText(t.reservationName, LIMITS.name),
        reservationId: cardText(t.reservationId, LIMITS.name),
        policy: 'current',
        eligible,
        refusal: eligible ? '' : cardText(`The replacement is billed in USD, the reservation in EUR; an exchange must stay in one currency (${t.sku}).`, 400),
        facts: quoteFactsSample(t, 'exchange'),
      };
    }
    case 'confirm': {
      if (shape === 'German, ticket in English') {
        return {
          kind: 'refund',
          title: message('de', 'confirm.title.refund'),
          facts: [{ title: message('de', 'confirm.units.refund'), value: '2' }, ...quoteFacts(REFUND_QUOTE, undefined, 'de')],
          customerName: cardText(t.customerName, LIMITS.name),
          reservationName: cardText(t.reservationName, LIMITS.name),
          rememberedHidden: false,
          capped: true,
          remembered: true,
          problems: [cardText(message('de', 'contact.badEmail'), LIMITS.reason)].join(' · '),
          hasProblems: true,
          requestKey: REQUEST_KEY,
          customerId: t.customerId,
          firstName: plainText(t.customerName, LIMITS.contact),
          lastName: 'Schmidt',
          email: plainText(`agent@${t.customerDomain}`, LIMITS.contact),
          phone: '',
          preferredContactMethod: 'email',
          timeZone: 'W. Europe Standard Time',
          country: 'DEU',
          language: 'en-us',
          severity: 'minimal',
          severities: (['minimal', 'moderate', 'critical', 'highestcriticalimpact'] as const).map((s) => ({ title: message('de', `contact.severity.${s}`), value: s })),
          ticketInEnglish: true,
          returnNow: false,
          returnNowText: '',
          returnNowRefused: cardText(message('de', 'confirm.azureRefused.refund', { reason: message('de', 'settle.capped') }), 300),
          returnNowLabel: message('de', 'confirm.returnNowLabel.refund'),
          fileLabel: message('de', 'confirm.fileLabel'),
        };
      }
      const capped = shape === 'capped with problems';
      return {
        ticketInEnglish: false,
        kind: 'refund',
        title: 'Confirm the refund request',
        facts: quoteFactsSample(t, 'refund'),
        customerName: cardText(t.customerName, LIMITS.name),
        reservationName: cardText(t.reservationName, LIMITS.name),
        rememberedHidden: shape === 'capped with problems',
        capped,
        remembered: capped,
        problems: capped ? [cardText(`Email "${t.customerDomain}" is not an address`, LIMITS.reason)].join(' · ') : '',
        hasProblems: capped,
        requestKey: REQUEST_KEY,
        customerId: t.customerId,
        firstName: cardText(t.customerName, LIMITS.contact),
        lastName: cardText('Doe', LIMITS.contact),
        email: cardText(`agent@${t.customerDomain}`, LIMITS.contact),
        phone: '',
        preferredContactMethod: 'email',
        timeZone: 'UTC',
        country: 'DEU',
        language: 'en-us',
        severity: 'minimal',
        severities: ['minimal', 'moderate', 'critical'].map((s) => ({ title: s, value: s })),
        returnNow: shape === 'return now offered',
        returnNowText: shape === 'return now offered' ? cardText(`Azure can return this reservation itself, at once: Azure refunds 1,180.00 EUR for ${t.reservationName}.`, LIMITS.reason) : '',
        returnNowRefused: capped ? cardText(`Azure's own return is not available: Self-service refund is not supported for ${t.reservationName}. (SelfServiceRefundNotSupported)`, LIMITS.reason) : '',
        returnNowLabel: 'Return now through Azure',
        fileLabel: shape === 'return now offered' ? 'File a support request' : 'File request',
      };
    }
    case 'receipt':
      if (shape === 'German, filed') return receiptData(sampleRecord(t), 'de');
      return {
        summary: plainText(`Refund of 708.82 EUR requested for ${t.customerName}`, 150),
        title: 'Refund request filed',
        headline: cardText('Refund of 708.82 EUR requested'),
        facts: [
          { title: 'Support ticket', value: cardText(t.ticketId, LIMITS.name) },
          { title: 'State', value: 'filed — waiting for Microsoft to credit it' },
          { title: 'Customer', value: cardText(t.customerName, LIMITS.name) },
          { title: 'Reservation', value: cardText(t.reservationName, LIMITS.name) },
          { title: 'Reservation ID', value: cardText(t.reservationId, LIMITS.name) },
          ...quoteFactsSample(t, 'refund'),
        ],
        next: 'When Microsoft credits the refund to your partner account, I will tell you here; then refund your customer.',
      };
    case 'reservation-overview':
      if (shape === 'German values') {
        return {
          summary: plainText(`Reservierung ${t.reservationName}`, 150),
          name: cardText(t.reservationName, LIMITS.name),
          customerName: cardText(t.customerName, LIMITS.name),
          portalUrl: '',
          facts: [
            { title: 'Reservierungs-ID', value: cardText(t.reservationId, LIMITS.name) },
            { title: 'Menge', value: '3 (1 zurückgegeben)' },
            { title: 'Ablauf', value: day('2027-06-12T00:00:00Z', 'de') },
            { title: 'Auslastung', value: '1 Tag 10,2 % · 7 Tage 11,8 % · 30 Tage noch keine Daten' },
            { title: 'Gesamtverpflichtung', value: money('12345.6', 'EUR', 'de') },
          ],
        };
      }
      return {
        summary: plainText(`Reservation ${t.reservationName}`, 150),
        name: cardText(t.reservationName, LIMITS.name),
        customerName: cardText(t.customerName, LIMITS.name),
        portalUrl: shape === 'no portal link' ? '' : 'https://portal.azure.com/#resource/providers/Microsoft.Capacity/reservationOrders/abc',
        facts: [
          { title: 'Reservation ID', value: cardText(t.reservationId, LIMITS.name) },
          { title: 'Product', value: cardText(`${t.sku} · VirtualMachines · ${t.region}`, LIMITS.summary) },
          { title: 'Quantity', value: '3' },
          { title: 'Scope', value: cardText('Single', LIMITS.name) },
        ],
      };
    case 'requests': {
      // Built by the dialog's own requestLines, in the language the shape names.
      const locale: Locale = shape === 'some, German' ? 'de' : 'en';
      const title = message(locale, 'requests.forCustomer', { customer: t.customerName });
      return {
        rd: TOPIC_CARD_ID,
        customerId: t.customerId,
        summary: plainText(title, 150),
        title: cardText(title, LIMITS.title),
        empty: shape === 'empty',
        requests: shape === 'empty' ? [] : [sampleRequest(t, 'filed'), sampleRequest(t, 'credited')].map((r) => requestLines(r, locale)),
      };
    }
    case 'notice':
      return { title: cardText('Nothing was filed'), text: cardText(`${t.customerName} has no Azure reservations.`) };
    case 'manage-choices':
      if (shape === 'German renewal') {
        return {
          summary: plainText(`Verlängerung: ${t.reservationName}`, 150),
          title: 'Automatische Verlängerung',
          customerName: cardText(t.customerName, LIMITS.name),
          reservationName: cardText(t.reservationName, LIMITS.name),
          facts: [
            { title: 'Ablauf', value: day('2027-06-12T00:00:00Z', 'de') },
            { title: 'Verlängert sich bei Ablauf', value: 'Nein' },
            { title: 'Verlängerung kauft', value: cardText(`2 × ${t.sku} · ${t.region} · P1Y Upfront`, 160) },
          ],
          note: cardText('Mit eingeschalteter Verlängerung wird dieselbe Reservierung bei Ablauf erneut gekauft und über das oben genannte Abonnement abgerechnet.', 300),
          hint: '',
          choices: [{ button: 'Verlängerung einschalten', action: 'renew', value: 'on', label: 'Verlängerung einschalten' }],
        };
      }
      return {
        summary: plainText(`Scope of ${t.reservationName}`, 150),
        title: 'Pick a subscription',
        customerName: cardText(t.customerName, LIMITS.name),
        reservationName: cardText(t.reservationName, LIMITS.name),
        facts: shape === 'no facts' ? [] : [{ title: 'Applies to', value: cardText(`${t.customerName} Production`, LIMITS.defaultText) }],
        note: cardText(`Subscriptions matching "${t.query}".`, LIMITS.defaultText),
        hint: shape === 'no facts' ? '' : 'You can also type part of a name or id.',
        choices: [0, 1].map((i) => ({
          button: plainText(`${t.customerName} · ${t.region}`, LIMITS.button),
          action: 'pick',
          value: i === 0 ? t.customerId : `${t.customerId}-${i}`,
          label: plainText(`Picked ${t.customerName}`, LIMITS.actionLabel),
        })),
      };
    case 'change-confirm':
      return {
        summary: plainText(`Change the scope of ${t.reservationName}`, 150),
        title: 'Change the scope?',
        customerName: cardText(t.customerName, LIMITS.name),
        reservationName: cardText(t.reservationName, LIMITS.name),
        facts: [
          { title: 'Before', value: 'Shared' },
          { title: 'After', value: cardText(`Single subscription ${t.customerId} — ${t.customerName}`, LIMITS.defaultText) },
        ],
        confirmLabel: 'Change scope',
        changeKey: REQUEST_KEY,
      };
    case 'rename':
      return {
        summary: plainText(`Rename of ${t.reservationName}`, 150),
        customerName: cardText(t.customerName, LIMITS.name),
        reservationName: cardText(t.reservationName, LIMITS.name),
        problem: shape === 'with problem' ? cardText(`"${t.query}" has characters Azure does not take`, LIMITS.reason) : '',
        newName: plainText(t.reservationName, 84),
        maxLength: 64,
      };
    case 'access':
      return {
        summary: plainText(`Access of ${t.reservationName}`, 150),
        customerName: cardText(t.customerName, LIMITS.name),
        reservationName: cardText(t.reservationName, LIMITS.name),
        assignments:
          shape === 'nobody'
            ? []
            : [true, false].map((direct) => ({
                id: direct ? t.reservationId : `${t.reservationId}-inherited`,
                principal: cardText(`admin@${t.customerDomain}`, 120),
                detail: cardText(`Reservations Reader · ${direct ? 'assigned at' : 'inherited from'} /providers/Microsoft.Capacity · User ${t.customerId}`, 300),
                revocable: direct,
                button: plainText('Revoke Reservations Reader', LIMITS.button),
                label: plainText(`Revoke Reservations Reader from admin@${t.customerDomain}`, LIMITS.actionLabel),
              })),
        more: shape === 'nobody' ? '' : cardText(`And 3 more: the Azure portal shows them all.`, 120),
        principal: plainText(`user@${t.customerDomain}`, LIMITS.contact),
        role: 'Reservations Reader',
        roles: ['Reservations Reader', 'Reservations Administrator'].map((r) => ({ title: r, value: r })),
      };
    case 'manage-result':
      return {
        summary: plainText(`Changed in Azure: ${t.reservationName}`, 150),
        title: 'Changed in Azure',
        customerName: cardText(t.customerName, LIMITS.name),
        reservationName: cardText(t.reservationName, LIMITS.name),
        facts: [
          { title: 'Name', value: cardText(t.reservationName, LIMITS.name) },
          { title: 'Applies to', value: cardText(`${t.customerName} Production`, LIMITS.defaultText) },
        ],
        note: shape === 'with note' ? cardText(`Type /access to see everyone with access to ${t.reservationName}.`, 300) : '',
      };
    case 'credit-notice':
      return {
        summary: plainText(`Microsoft credited 708.82 EUR for ${t.reservationName}`, 150),
        title: 'Refund credited',
        next: 'Microsoft has credited your partner account. Now refund your customer.',
        headline: cardText(`Microsoft credited 708.82 EUR for ${t.reservationName} of ${t.customerName}.`),
        facts: [
          { title: 'Support ticket', value: cardText(t.ticketId, LIMITS.name) },
          { title: 'Customer', value: cardText(t.customerName, LIMITS.name) },
        ],
      };
    case 'cap': {
      // Built by the dialog's own capCardData, in the language the shape names.
      const releases = shape === 'nothing counted' ? [] : Array.from({ length: 17 }, (_, i) => ({ requestId: `r${i}`, amountUsd: new Decimal('5546.18'), filedAt: new Date('2026-03-10T12:00:00Z'), freesAt: new Date('2027-03-10T12:00:00Z') }));
      const consumed = new Decimal('5546.18').times(releases.length);
      const status = { customerId: t.customerId, limitUsd: new Decimal('50000'), consumedUsd: consumed, remainingUsd: new Decimal('50000').minus(consumed), releases };
      return capCardData({ id: t.customerId, name: t.customerName, domain: t.customerDomain, tenantId: 'tenant' }, status, shape === 'releases, German' ? 'de' : 'en');
    }
    case 'expiry-reminder':
      return expiryReminderData(sampleReservation(t, shape.startsWith('renewal off, 7 days') ? false : undefined), t.customerName, shape.startsWith('renewal off, 7 days') ? 7 : 30, new Date('2026-06-15T10:00:00Z'), shape.endsWith('German') ? 'de' : 'en');
    case 'underused-digest':
      return underusedDigestData(
        shape.startsWith('more than shown') ? Array.from({ length: DIGEST_ENTRIES_SHOWN + 2 }, () => ({ reservation: sampleReservation(t, true), customerName: t.customerName })) : [{ reservation: sampleReservation(t, true), customerName: t.customerName }],
        new Date('2026-06-15T00:00:00Z'),
        50,
        shape.endsWith('German') ? 'de' : 'en',
      );
  }
}

/** A filed refund request whose outside strings are the sample's (the receipt is built from the record). */
function sampleRecord(t: OutsideText): RequestRecord {
  return {
    id: 'rq-1', key: REQUEST_KEY, kind: 'refund', state: 'filed', customerId: t.customerId, customerName: t.customerName, customerTenantId: 'tenant-1',
    reservationId: t.reservationId, reservationOrderId: `${t.reservationId}-order`, quote: REFUND_QUOTE, capUsd: '3000.00', ticketId: t.ticketId,
    agent: { partnerUserId: 'agent-ava', chatUserId: 'teams:tenant:ava' }, origin: { channel: 'teams', conversation: { conversation: { id: 'conv-1' } } },
    details: { reservationName: t.reservationName, returnQuantity: 2, quantity: 4 }, filedAt: '2026-03-10T12:00:00.000Z', createdAt: '2026-03-10T12:00:00.000Z', updatedAt: '2026-03-10T12:00:00.000Z',
  } as RequestRecord;
}

/** A request whose outside strings are the sample's (the requests card lists them). */
function sampleRequest(t: OutsideText, state: RequestRecord['state']): RequestRecord {
  return {
    id: `req-${state}`, key: `key-${state}`, kind: 'refund', state, customerId: t.customerId, customerName: t.customerName, customerTenantId: 'tenant', reservationId: t.reservationId, reservationOrderId: `${t.reservationId}-order`,
    quote: { policy: 'csp-2020', eligible: true, reasons: [], currency: 'EUR', daysSincePurchase: 120, termDays: 365, usedDays: 120, kind: 'refund', rule: 'prorated-with-fee', refund: '1708.82', refundUsd: '1771.21' },
    capUsd: '1771.21', agent: { partnerUserId: 'ava', chatUserId: 'playground:ava' }, origin: { channel: 'playground', conversation: {} },
    details: { reservationName: t.reservationName }, ticketId: t.ticketId, createdAt: '2025-11-20T10:00:00.000Z', updatedAt: '2025-11-20T10:00:00.000Z',
    ...(state === 'credited' ? { creditedAmount: '1708.82', creditedAt: '2025-12-01T10:00:00.000Z' } : {}),
  } as RequestRecord;
}

/** A reservation whose outside strings are the sample's (the topic cards are built from reservations). */
function sampleReservation(t: OutsideText, renew: boolean | undefined): Reservation {
  return {
    customerId: t.customerId, reservationId: t.reservationId, reservationOrderId: `${t.reservationId}-order`, displayName: t.reservationName, sku: t.sku, region: t.region,
    quantity: 2, term: 'P1Y', billingPlan: 'Upfront', benefitStart: new Date('2025-06-21T10:00:00Z'), expiry: new Date('2026-06-21T10:00:00Z'), scope: 'Shared',
    utilization: { day1: '10.2', day7: '11.8', day30: '14.3' }, usageSeen: true, usageReported: true, currency: 'USD', totalCommitment: new Decimal('3360.00'), paidToDate: new Decimal('3360.00'),
    usdRate: new Decimal(1), reservedResourceType: 'VirtualMachines', state: 'Succeeded', returnedQuantity: 0, portalUrl: '', ...(renew === undefined ? {} : { renew }),
  };
}

/** The data shapes worth rendering per card (each branch of its `$when`s at least once). */
export const SHAPES: Readonly<Record<CardName, readonly string[]>> = {
  'customer-picker': ['matches', 'no matches'],
  'reservation-picker': ['mixed', 'German'],
  'refund-quote': ['eligible', 'capped', 'ineligible', 'German, capped'],
  'replacement-picker': ['choices', 'German'],
  'exchange-quote': ['eligible', 'ineligible', 'German'],
  confirm: ['plain', 'capped with problems', 'return now offered', 'German, ticket in English'],
  receipt: ['filed', 'German, filed'],
  'reservation-overview': ['with portal link', 'no portal link', 'German values'],
  requests: ['some', 'empty', 'some, German'],
  notice: ['notice'],
  'credit-notice': ['credited'],
  'manage-choices': ['choices', 'no facts', 'German renewal'],
  'change-confirm': ['scope'],
  rename: ['plain', 'with problem'],
  access: ['assignments', 'nobody'],
  'manage-result': ['with note', 'plain'],
  cap: ['releases', 'nothing counted', 'releases, German'],
  // "German": the data as built for a German subscriber (its dates, percentages and sentences are German).
  'expiry-reminder': ['renewal off, 7 days', 'renewal unknown, 30 days', 'renewal off, 7 days, German'],
  'underused-digest': ['one', 'more than shown', 'more than shown, German'],
};

/** Every card × shape, prompt cards both open and answered, with data as CardPrompt completes it. */
export function cardSamples(t: OutsideText = BENIGN, answeredLabel = 'Continue'): CardSample[] {
  const samples: CardSample[] = [];
  for (const card of CARD_NAMES) {
    for (const shape of SHAPES[card]) {
      const data = dialogData(card, t, shape);
      if (!PROMPT_CARDS.has(card)) {
        samples.push({ card, variant: shape, data });
        continue;
      }
      samples.push({ card, variant: `${shape}, open`, open: true, data: { ...data, cardId: CARD_ID, open: true, answered: '' } });
      samples.push({
        card,
        variant: `${shape}, answered`,
        open: false,
        data: { ...data, cardId: CARD_ID, open: false, answered: cardText(answeredLabel, LIMITS.answered) },
      });
    }
  }
  return samples;
}

export function renderSample(sample: CardSample, locale: Locale = 'en'): AdaptiveCard {
  return renderCard(sample.card, sample.data, locale);
}
