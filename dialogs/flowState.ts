import type { QuoteJson } from '../src/domain/quoteContract';
import type { Customer } from '../src/ports/partnerDirectory';
import type { ReplacementChoice } from '../src/services/ticketText';

/**
 * What a flow keeps of its customer from step to step: what the cards and the ticket show (name, tenant id) and the
 * id every read needs. The tenant id is left out when it is the id (as Partner Center's customers have it).
 * States stored before this shape hold the whole Customer, which reads as this too.
 */
export interface FlowCustomer {
  id: string;
  name: string;
  tenantId?: string;
}

export function flowCustomer(customer: FlowCustomer): FlowCustomer {
  const tenantId = customer.tenantId ?? customer.id;
  return tenantId === customer.id ? { id: customer.id, name: customer.name } : { id: customer.id, name: customer.name, tenantId };
}

export function customerOf(stored: FlowCustomer): Pick<Customer, 'id' | 'name' | 'tenantId'> {
  return { id: stored.id, name: stored.name, tenantId: stored.tenantId ?? stored.id };
}

/** A value of a packed object, in its fields' order; `null` stands for a field the object does not have. */
type PackedValue = string | number | boolean | string[] | null;

/**
 * The quote contract's fields in the contract's order, per kind: a quote is kept in the dialog state as its values in
 * this order (a third of its JSON), and read back field for field, so what is filed is exactly what was shown.
 */
const QUOTE_HEAD = ['kind', 'policy', 'eligible', 'reasons', 'currency', 'daysSincePurchase', 'termDays', 'usedDays', 'rule', 'paid', 'used', 'credit'];
const QUOTE_FIELDS: Record<QuoteJson['kind'], string[]> = {
  refund: [
    ...QUOTE_HEAD,
    'feeRate',
    'fee',
    'net',
    'netUsd',
    'capLimitUsd',
    'capConsumedUsd',
    'capRemainingUsd',
    'capped',
    'refund',
    'refundUsd',
    'capRemainingAfterUsd',
  ],
  exchange: [...QUOTE_HEAD, 'remainingCommitment', 'newTotal', 'netPayable'],
};
const REPLACEMENT_FIELDS = ['itemId', 'sku', 'displayName', 'region', 'term', 'billingPlan', 'quantity', 'currency', 'totalCommitment'];

/**
 * The object's values in `fields` order, or undefined when packing would not give back the very same object: a field
 * outside the list, fields in another order, or a value that is null or of another type.
 */
function pack(object: object, fields: string[]): PackedValue[] | undefined {
  const entries = Object.entries(object);
  let at = 0;
  const packed: PackedValue[] = [];
  for (const [key, value] of entries) {
    const index = fields.indexOf(key, at);
    if (index < 0) return undefined;
    if (value === null || !(['string', 'number', 'boolean'].includes(typeof value) || (Array.isArray(value) && value.every((v) => typeof v === 'string'))))
      return undefined;
    while (at < index) {
      packed.push(null);
      at++;
    }
    packed.push(value as PackedValue);
    at = index + 1;
  }
  return packed;
}

function unpack(packed: PackedValue[], fields: string[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  packed.forEach((value, i) => {
    if (value !== null && fields[i]) object[fields[i]] = value;
  });
  return object;
}

/** A quote as the dialog state keeps it: packed, or (stored before packing, or not packable) the quote itself. */
export type StoredQuote = QuoteJson | PackedValue[];

export function storedQuote(quote: QuoteJson): StoredQuote {
  const fields = QUOTE_FIELDS[quote.kind];
  return (fields && pack(quote, fields)) ?? quote;
}

export function quoteOf(stored: StoredQuote): QuoteJson {
  if (!Array.isArray(stored)) return stored;
  const kind = stored[0] as QuoteJson['kind'];
  return unpack(stored, QUOTE_FIELDS[kind]) as unknown as QuoteJson;
}

/** A chosen replacement as the dialog state keeps it: packed like a quote. */
export type StoredReplacement = ReplacementChoice | PackedValue[];

export function storedReplacement(replacement: ReplacementChoice): StoredReplacement {
  return pack(replacement, REPLACEMENT_FIELDS) ?? replacement;
}

export function replacementOf(stored: StoredReplacement): ReplacementChoice {
  return Array.isArray(stored) ? (unpack(stored, REPLACEMENT_FIELDS) as unknown as ReplacementChoice) : stored;
}
