import { Decimal } from '../../../domain/money';

/** USD per unit of each billing currency the tenant uses (plausible 2025–26 rates, fixed so quotes repeat). */
export const USD_RATES: Readonly<Record<string, Decimal>> = {
  USD: new Decimal('1'),
  EUR: new Decimal('1.08'),
  GBP: new Decimal('1.27'),
  JPY: new Decimal('0.0067'),
};

export function usdRateOf(currency: string): Decimal {
  const rate = USD_RATES[currency];
  if (!rate) throw new Error(`sandbox tenant data: no USD rate for ${currency}`);
  return rate;
}
