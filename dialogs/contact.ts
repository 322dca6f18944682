import { DEFAULT_LOCALE, t, type Locale, type MessageKey } from '../src/i18n';
import type { ContactDetails, Severity } from '../src/ports/supportDesk';

/** The agent's contact details for support requests: asked once, remembered per agent (user state). */
export interface AgentProfile {
  contact?: ContactDetails;
}

export const SEVERITIES: readonly Severity[] = ['minimal', 'moderate', 'critical', 'highestcriticalimpact'];

/** How one of the Support API's severities reads on the card (the ticket carries the API's value). */
export function severityTitle(severity: Severity, locale: Locale = DEFAULT_LOCALE): string {
  return t(locale, `contact.severity.${severity}`);
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const LANGUAGE = /^[a-z]{2}(-[a-z]{2})?$/i;
const COUNTRY = /^[A-Za-z]{3}$/;
const PHONE = /^\+?[0-9 ()-]{6,25}$/;

function field(value: Record<string, unknown>, name: string): string {
  const raw = value[name];
  return typeof raw === 'string' ? raw.trim() : '';
}

/** Reads and checks the contact inputs of the confirm card; returns the problems in the agent's words, or the details. */
export function readContact(
  value: Record<string, unknown>,
  locale: Locale = DEFAULT_LOCALE,
): { contact?: ContactDetails; severity: Severity; problems: string[] } {
  const problems: string[] = [];
  const problem = (key: MessageKey) => problems.push(t(locale, key));
  const text = (name: string, labelKey: MessageKey, max = 60): string => {
    const v = field(value, name);
    const label = t(locale, labelKey);
    if (!v) problems.push(t(locale, 'contact.required', { label }));
    else if (v.length > max) problems.push(t(locale, 'contact.tooLong', { label, max }));
    return v;
  };
  const firstName = text('firstName', 'contact.label.firstName');
  const lastName = text('lastName', 'contact.label.lastName');
  const email = text('email', 'contact.label.email', 254);
  if (email && !EMAIL.test(email)) problem('contact.badEmail');
  const method = field(value, 'preferredContactMethod') || 'email';
  if (method !== 'email' && method !== 'phone') problem('contact.badMethod');
  const phone = field(value, 'phone');
  if (method === 'phone' && !phone) problem('contact.phoneNeeded');
  if (phone && !PHONE.test(phone)) problem('contact.badPhone');
  const timeZone = text('timeZone', 'contact.label.timeZone', 80);
  const country = text('country', 'contact.label.country').toUpperCase();
  if (country && !COUNTRY.test(country)) problem('contact.badCountry');
  const language = text('language', 'contact.label.language', 10).toLowerCase();
  if (language && !LANGUAGE.test(language)) problem('contact.badLanguage');
  const severityText = field(value, 'severity') || 'minimal';
  const severity = (SEVERITIES as readonly string[]).includes(severityText) ? (severityText as Severity) : 'minimal';
  if (problems.length) return { severity, problems };
  return {
    contact: { firstName, lastName, email, preferredContactMethod: method as 'email' | 'phone', ...(phone ? { phone } : {}), timeZone, country, language },
    severity,
    problems,
  };
}
