import { Decimal, formatMoney } from '../domain/money';

/** Display helpers for cards: amounts with their currency, dates as YYYY-MM-DD (UTC). */
export function money(amount: string | Decimal | undefined, currency: string): string {
  if (amount === undefined) return '—';
  const value = typeof amount === 'string' ? new Decimal(amount) : amount;
  const [whole, fraction] = formatMoney(value.abs(), currency).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value.isNegative() ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''} ${currency}`;
}

export function day(date: Date | string): string {
  return (typeof date === 'string' ? new Date(date) : date).toISOString().slice(0, 10);
}
