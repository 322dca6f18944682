import type { ContactDetails, Severity } from '../src/ports/supportDesk';

/** The agent's contact details for support requests: asked once, remembered per agent (user state). */
export interface AgentProfile {
  contact?: ContactDetails;
}

export const SEVERITIES: readonly Severity[] = ['minimal', 'moderate', 'critical', 'highestcriticalimpact'];

/** How the Support API's severities read on the card. */
export const SEVERITY_TITLES: Readonly<Record<Severity, string>> = {
  minimal: 'Minimal',
  moderate: 'Moderate',
  critical: 'Critical',
  highestcriticalimpact: 'Highest (critical impact)',
};

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const LANGUAGE = /^[a-z]{2}(-[a-z]{2})?$/i;
const COUNTRY = /^[A-Za-z]{3}$/;
const PHONE = /^\+?[0-9 ()-]{6,25}$/;

function field(value: Record<string, unknown>, name: string): string {
  const raw = value[name];
  return typeof raw === 'string' ? raw.trim() : '';
}

/** Reads and checks the contact inputs of the confirm card; returns the problems in words, or the details. */
export function readContact(value: Record<string, unknown>): { contact?: ContactDetails; severity: Severity; problems: string[] } {
  const problems: string[] = [];
  const text = (name: string, label: string, max = 60): string => {
    const v = field(value, name);
    if (!v) problems.push(`${label} is required`);
    else if (v.length > max) problems.push(`${label} is longer than ${max} characters`);
    return v;
  };
  const firstName = text('firstName', 'First name');
  const lastName = text('lastName', 'Last name');
  const email = text('email', 'Email', 254);
  if (email && !EMAIL.test(email)) problems.push('Email is not an email address');
  const method = field(value, 'preferredContactMethod') || 'email';
  if (method !== 'email' && method !== 'phone') problems.push('Preferred contact method must be email or phone');
  const phone = field(value, 'phone');
  if (method === 'phone' && !phone) problems.push('Phone is required when the preferred contact method is phone');
  if (phone && !PHONE.test(phone)) problems.push('Phone is not a phone number');
  const timeZone = text('timeZone', 'Time zone', 80);
  const country = text('country', 'Country').toUpperCase();
  if (country && !COUNTRY.test(country)) problems.push('Country must be a three-letter ISO code such as DEU, GBR or USA');
  const language = text('language', 'Language', 10).toLowerCase();
  if (language && !LANGUAGE.test(language)) problems.push('Language must look like en-us');
  const severityText = field(value, 'severity') || 'minimal';
  const severity = (SEVERITIES as readonly string[]).includes(severityText) ? (severityText as Severity) : 'minimal';
  if (problems.length) return { severity, problems };
  return {
    contact: { firstName, lastName, email, preferredContactMethod: method as 'email' | 'phone', ...(phone ? { phone } : {}), timeZone, country, language },
    severity,
    problems,
  };
}
