import { InvalidInputError } from '../errors';
import { parseIsoInstant } from './dates';
import { CURRENCY_CODE, Decimal, minorUnits, parseDecimalString, parseMoney } from './money';
import { DEFAULT_POLICY } from './policy';
import { assertQuotable, type QuoteRequest, type Replacement } from './quote';
import { BILLING_PLANS, POLICY_NAMES, TERMS, type ReservationFacts } from './types';

/**
 * The quote contract's input (SPEC section 3) → domain values. Strict: an unknown field is refused rather
 * than ignored, because a misspelt optional field (say `returnQty`) would otherwise fall back to its
 * default and quietly quote the wrong amount. Every error names the offending field in one line.
 */

const TOP_FIELDS = ['kind', 'policy', 'asOf', 'reservation', 'capConsumedUsd', 'replacement'] as const;
const RESERVATION_FIELDS = [
  'term',
  'billingPlan',
  'benefitStart',
  'quantity',
  'returnQuantity',
  'totalCommitment',
  'currency',
  'paidToDate',
  'usdRate',
  'usageSeen',
  'reservedResourceType',
  'state',
] as const;
const REPLACEMENT_FIELDS = ['totalCommitment', 'currency'] as const;
const KINDS = ['refund', 'exchange'] as const;

/** A short, single-line rendering of an offending value for an error message. */
function shown(value: unknown): string {
  const text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function invalid(field: string, problem: string): never {
  throw new InvalidInputError(`${field}: ${problem}`, { field });
}

function invalidValue(field: string, problem: string, value: unknown): never {
  invalid(field, `${problem} (got ${shown(value)})`);
}

/** One JSON object's fields, read by name, with unknown names refused up front. */
class ObjectReader<Field extends string> {
  private readonly object: Record<string, unknown>;

  constructor(
    value: unknown,
    private readonly path: string,
    allowed: readonly Field[],
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      invalidValue(path || 'input', 'must be a JSON object', value);
    }
    this.object = value as Record<string, unknown>;
    const unknown = Object.keys(this.object).find((key) => !(allowed as readonly string[]).includes(key));
    if (unknown !== undefined) invalid(this.field(unknown), `is not a field of the quote contract`);
  }

  field(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  has(name: Field): boolean {
    return Object.prototype.hasOwnProperty.call(this.object, name);
  }

  optional(name: Field): unknown {
    return this.has(name) ? this.object[name] : undefined;
  }

  required(name: Field): unknown {
    if (!this.has(name)) invalid(this.field(name), 'is required');
    return this.object[name];
  }

  oneOf<T extends string>(name: Field, allowed: readonly T[], value: unknown = this.required(name)): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      invalidValue(this.field(name), `must be one of ${allowed.join(', ')}`, value);
    }
    return value as T;
  }

  text(name: Field): string {
    const value = this.required(name);
    if (typeof value !== 'string' || value.trim() === '') invalidValue(this.field(name), 'must be a non-empty string', value);
    return value;
  }

  boolean(name: Field): boolean {
    const value = this.required(name);
    if (typeof value !== 'boolean') invalidValue(this.field(name), 'must be true or false', value);
    return value;
  }

  count(name: Field, value: unknown = this.required(name)): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      invalidValue(this.field(name), 'must be a positive whole number', value);
    }
    return value;
  }

  instant(name: Field): Date {
    const value = this.required(name);
    const instant = parseIsoInstant(value);
    if (!instant) invalidValue(this.field(name), 'must be an ISO 8601 timestamp with a zone, e.g. 2026-03-01T08:00:00Z', value);
    return instant;
  }

  currency(name: Field): string {
    const value = this.required(name);
    if (typeof value !== 'string' || !CURRENCY_CODE.test(value)) {
      invalidValue(this.field(name), 'must be an ISO 4217 currency code of three capital letters', value);
    }
    return value;
  }

  money(name: Field, currency: string, value: unknown = this.required(name)): Decimal {
    const amount = parseMoney(value, currency);
    if (!amount) {
      const decimals = minorUnits(currency);
      const form = decimals === 0 ? 'with no decimals' : `with at most ${decimals} decimals`;
      invalidValue(this.field(name), `must be a non-negative decimal string ${form} for ${currency}`, value);
    }
    return amount;
  }

  rate(name: Field, value: unknown): Decimal {
    const rate = parseDecimalString(value, Number.POSITIVE_INFINITY);
    if (!rate || !rate.greaterThan(0)) invalidValue(this.field(name), 'must be a decimal string above zero', value);
    return rate;
  }
}

function readReservation(value: unknown): { facts: ReservationFacts; returnQuantity: number } {
  const fields = new ObjectReader(value, 'reservation', RESERVATION_FIELDS);
  // The currency comes first: it decides how many decimals the amounts may have.
  const currency = fields.currency('currency');
  const billingPlan = fields.oneOf('billingPlan', BILLING_PLANS);
  const quantity = fields.count('quantity');
  const returnQuantity = fields.has('returnQuantity') ? fields.count('returnQuantity', fields.optional('returnQuantity')) : quantity;
  const totalCommitment = fields.money('totalCommitment', currency);
  // Upfront pays the whole commitment at purchase, so paidToDate only matters (and is only required) for Monthly.
  const paidToDate = billingPlan === 'Monthly' || fields.has('paidToDate') ? fields.money('paidToDate', currency) : totalCommitment;
  let usdRate: Decimal;
  if (fields.has('usdRate')) usdRate = fields.rate('usdRate', fields.optional('usdRate'));
  else if (currency === 'USD') usdRate = new Decimal(1);
  else invalid(fields.field('usdRate'), `is required for ${currency}`);

  const facts: ReservationFacts = {
    term: fields.oneOf('term', TERMS),
    billingPlan,
    benefitStart: fields.instant('benefitStart'),
    quantity,
    totalCommitment,
    currency,
    paidToDate,
    usdRate,
    usageSeen: fields.boolean('usageSeen'),
    reservedResourceType: fields.text('reservedResourceType'),
    state: fields.text('state'),
  };
  return { facts, returnQuantity };
}

function readReplacement(value: unknown): Replacement {
  const fields = new ObjectReader(value, 'replacement', REPLACEMENT_FIELDS);
  const currency = fields.currency('currency');
  return { totalCommitment: fields.money('totalCommitment', currency), currency };
}

/** Validates a parsed JSON value against the quote contract; throws InvalidInputError naming the field. */
export function parseQuoteRequest(input: unknown): QuoteRequest {
  const fields = new ObjectReader(input, '', TOP_FIELDS);
  const kind = fields.oneOf('kind', KINDS);
  const policy = fields.has('policy') ? fields.oneOf('policy', POLICY_NAMES, fields.optional('policy')) : DEFAULT_POLICY;
  const asOf = fields.instant('asOf');
  const { facts: reservation, returnQuantity } = readReservation(fields.required('reservation'));

  let request: QuoteRequest;
  if (kind === 'refund') {
    // The SPEC's own example carries a replacement on a refund: it is checked like any input, then not used.
    if (fields.has('replacement')) readReplacement(fields.required('replacement'));
    const capConsumedUsd = fields.has('capConsumedUsd') ? fields.money('capConsumedUsd', 'USD') : new Decimal(0);
    request = { kind, policy, asOf, reservation, returnQuantity, capConsumedUsd };
  } else {
    // Exchanges do not count against the cap: a cap figure is checked like any input, then not used.
    if (fields.has('capConsumedUsd')) fields.money('capConsumedUsd', 'USD');
    request = { kind, policy, asOf, reservation, returnQuantity, replacement: readReplacement(fields.required('replacement')) };
  }
  assertQuotable(request);
  return request;
}

/** Parses the contract's input text (one JSON object). */
export function parseQuoteInput(text: string): QuoteRequest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // The parser's own message quotes the input, which may be a file that was never meant to be shown.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    throw new InvalidInputError(`input is not valid JSON${position ? ` (at character ${position})` : ''}`);
  }
  try {
    return parseQuoteRequest(json);
  } catch (error) {
    if (error instanceof RangeError) throw new InvalidInputError('input is nested too deeply');
    throw error;
  }
}
