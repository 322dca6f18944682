import assert from 'node:assert/strict';
import { InvalidInputError } from '../../src/errors';
import type { AuditEvent } from '../../src/ports/audit';
import { isNormalisedInstant, sanitizeAuditEvent } from '../../src/store/auditEvents';

/**
 * The sanitizer's fast paths (a character check of the instant instead of a round trip through Date, the email and
 * phone patterns tried only on text holding '@' or '+', sensitive keys judged once) against the checks they replaced,
 * restated here, on many generated inputs: the same events are refused, kept and redacted.
 */

// The checks as they were before the fast paths.
const EMAIL_LIKE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/;
const PHONE_LIKE = /\+\d(?:[\s()-]{0,2}\d){6,}/;
const CREDENTIAL_LIKE = /\beyJ[\w-]{5,}\.[\w-]{5,}\.|\bBearer\s+\S|-----BEGIN [A-Z ]*PRIVATE KEY|\bxox[abprs]-|\bSharedAccessSignature\b|\bsig=[\w%]{10,}/i;
const SENSITIVE_KEY_PARTS = ['mail', 'phone', 'mobile', 'fax', 'name', 'address', 'contact', 'birth', 'ssn', 'password', 'passwd', 'passphrase'];
const SECRET_KEY_PARTS = ['secret', 'token', 'apikey', 'privatekey', 'accesskey', 'signingkey', 'credential', 'authorization', 'cookie', 'signature'];

function roundTrips(text: string): boolean {
  const ms = Date.parse(text);
  return text.length === 24 && text.endsWith('Z') && Number.isFinite(ms) && new Date(ms).toISOString() === text;
}

function sensitiveKeyBefore(key: string): boolean {
  const plain = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return [...SENSITIVE_KEY_PARTS, ...SECRET_KEY_PARTS].some((part) => plain.includes(part));
}

/** A small seeded generator, so a failure can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}

const PIECES = [
  'a',
  'Z',
  '7',
  '0',
  '@',
  '.',
  '+',
  '-',
  '_',
  '%',
  ' ',
  '(',
  ')',
  ':',
  '=',
  'com',
  'contoso',
  'ann.lee@contoso.co.uk',
  'x@y.z',
  'a@b.cd',
  '19:abc@thread.tacv2',
  '+44 20 7946 0958',
  '+1 (555) 123-4567',
  '+24453.82',
  '+123456',
  'Bearer abc',
  'eyJhbGciOi.eyJzdWIiOi.',
  'xoxb-',
  'sig=abcdefghij12',
  'SharedAccessSignature',
  '-----BEGIN RSA PRIVATE KEY',
  'msteams:72f988bf-86f1-41af-91ab-2d7cd011db47:29:1a2b',
];

const base: AuditEvent = {
  at: '2026-03-10T12:00:00.000Z',
  type: 'cancelled',
  actor: { chatUserId: 'teams:tenant-1:aad-7' },
};

describe('audit event sanitizer: fast paths against the checks they replaced', () => {
  it('takes an instant as already normalised exactly when it round-trips through Date', () => {
    const { int, pick, next } = generator(11);
    const texts: string[] = ['2026-02-29T00:00:00.000Z', '2024-02-29T23:59:59.999Z', '2100-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z'];
    texts.push('0000-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z', '2026-03-10T24:00:00.000Z', '2026-03-10T23:59:60.000Z');
    texts.push('2026-04-31T00:00:00.000Z', '2026-00-10T00:00:00.000Z', '2026-03-00T00:00:00.000Z', '+002026-03-10T12:00:00.000Z');
    texts.push('2026-03-10T12:00:00.000+00', '2026-03-10T12:00:00Z', '2026-03-10 12:00:00.000Z', '２026-03-10T12:00:00.000Z');
    for (let i = 0; i < 20000; i++) {
      const ms = Math.floor((next() * 2 - 0.5) * 253402300799999);
      const valid = new Date(Math.max(-62167219200000, Math.min(253402300799999, ms))).toISOString();
      // Change one or two characters: a digit, a separator, a field pushed past its range.
      let text = valid;
      for (let edits = int(3); edits > 0; edits--) {
        const at = int(24);
        text = text.slice(0, at) + pick(['0', '1', '2', '3', '5', '6', '9', '-', ':', 'T', 'Z', '.', ' ', 'x']) + text.slice(at + 1);
      }
      texts.push(valid, text);
    }
    for (const text of texts) assert.equal(isNormalisedInstant(text), roundTrips(text), text);
  });

  it('refuses and redacts exactly what the regexes alone refused and redacted', () => {
    const { int, pick } = generator(7);
    const keys = ['kind', 'policy', 'step', 'flow', 'eligible', 'capped', 'e_mail', 'Contact.Method', 'x-Api-Key', 'phoneNo', 'amounts', 'nickName'];
    for (let i = 0; i < 20000; i++) {
      const text = Array.from({ length: 1 + int(6) }, () => pick(PIECES)).join('');
      const key = pick(keys);
      const idRefused = EMAIL_LIKE.test(text);
      const input = { ...base, customerId: text, detail: { [key]: text } };
      let out: AuditEvent | undefined;
      try {
        out = sanitizeAuditEvent(input);
      } catch (error) {
        assert.ok(error instanceof InvalidInputError && idRefused, `${text}: ${String(error)}`);
      }
      if (!out) continue;
      assert.ok(!idRefused, text);
      const redacted = sensitiveKeyBefore(key) || EMAIL_LIKE.test(text) || PHONE_LIKE.test(text) || CREDENTIAL_LIKE.test(text);
      assert.deepEqual(out.redacted, redacted ? [`detail.${key}`] : undefined, `${key}: ${text}`);
      assert.deepEqual(out.detail, redacted ? undefined : { [key]: text });
    }
  });

  it('judges a key the same on every event once it was judged', () => {
    for (let round = 0; round < 3; round++) {
      const out = sanitizeAuditEvent({ ...base, detail: { customerName: 'x', step: 'quote', refreshToken: 'y' } });
      assert.deepEqual(out.detail, { step: 'quote' });
      assert.deepEqual(out.redacted, ['detail.customerName', 'detail.refreshToken']);
    }
  });
});
