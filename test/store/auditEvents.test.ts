import assert from 'node:assert/strict';
import { InvalidInputError } from '../../src/errors';
import type { AuditEvent } from '../../src/ports/audit';
import { sanitizeAuditEvent } from '../../src/store/auditEvents';

const base: AuditEvent = {
  at: '2026-03-10T12:00:00.000Z',
  type: 'filed',
  actor: { partnerUserId: 'agent-7', chatUserId: 'teams:tenant-1:aad-7' },
  customerId: 'cust-1',
  reservationId: 'res-1',
  requestId: 'req-1',
  currency: 'EUR',
  amounts: { credit: '5835.62', fee: '700.27', refund: '5135.35', capRemainingAfterUsd: '24453.82' },
};

describe('audit event sanitizer', () => {
  it('keeps a clean event as it is', () => {
    const clean = { ...base, detail: { policy: 'csp-2020', capped: false, daysSincePurchase: 9 } };
    assert.deepEqual(sanitizeAuditEvent(clean), clean);
  });

  it('drops detail entries whose key names contact details or secrets, and names them', () => {
    const detail = {
      email: 'ann@contoso.com',
      contactEmail: 'x',
      phone: '0123',
      mobile_number: '0456',
      firstName: 'Ann',
      last_name: 'Lee',
      customerName: 'Contoso',
      Password: 'hunter2',
      apiToken: 'abc',
      clientSecret: 'shh',
      preferredContactMethod: 'email',
      authorization: 'x',
      webhookSignature: 'x',
      severity: 'minimal',
      ticketId: '2403010010001234',
    };
    const out = sanitizeAuditEvent({ ...base, detail });
    assert.deepEqual(out.detail, { severity: 'minimal', ticketId: '2403010010001234' });
    assert.deepEqual(
      out.redacted,
      Object.keys(detail)
        .filter((k) => k !== 'severity' && k !== 'ticketId')
        .map((k) => `detail.${k}`),
    );
    for (const secret of ['contoso', 'hunter2', 'Ann', 'Lee', 'shh']) assert.ok(!JSON.stringify(out).includes(secret), secret);
  });

  it('drops detail values that look like an email, an international phone number or a credential', () => {
    const detail = {
      a: 'reach me at ann.lee@contoso.co.uk please',
      b: '+44 20 7946 0958',
      c: '+1 (555) 123-4567',
      d: 'Bearer abc.def',
      e: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig',
      f: 'xoxb-1234-5678-abcdef',
      g: '-----BEGIN RSA PRIVATE KEY-----',
      // look alike but are facts we keep:
      date: '2026-03-10',
      amount: '12000.00',
      ticket: '2403010010001234',
      conversation: '19:abc@thread.tacv2',
      reason: 'cap-exceeded',
    };
    const out = sanitizeAuditEvent({ ...base, detail });
    assert.deepEqual(Object.keys(out.detail ?? {}), ['date', 'amount', 'ticket', 'conversation', 'reason']);
    assert.deepEqual(out.redacted, ['detail.a', 'detail.b', 'detail.c', 'detail.d', 'detail.e', 'detail.f', 'detail.g']);
  });

  it('drops fields the event does not define, at the top and in the actor', () => {
    const input = {
      ...base,
      customerName: 'Contoso',
      contact: { email: 'ann@contoso.com' },
      actor: { ...base.actor, email: 'ann@contoso.com', displayName: 'Ann Lee' },
    } as unknown as AuditEvent;
    const out = sanitizeAuditEvent(input);
    assert.deepEqual(out.actor, base.actor);
    assert.equal((out as unknown as Record<string, unknown>).customerName, undefined);
    assert.deepEqual(out.redacted, ['customerName', 'contact', 'actor.email', 'actor.displayName']);
    assert.ok(!JSON.stringify(out).includes('contoso'));
  });

  it('recomputes redacted rather than trusting the caller', () => {
    const out = sanitizeAuditEvent({ ...base, redacted: ['made-up'] });
    assert.equal(out.redacted, undefined);
  });

  it('does not change the object it was given', () => {
    const input = { ...base, detail: { email: 'ann@contoso.com', policy: 'csp-2020' } };
    const copy = structuredClone(input);
    sanitizeAuditEvent(input);
    assert.deepEqual(input, copy);
  });

  it('normalises the time to UTC and truncates very long text', () => {
    const out = sanitizeAuditEvent({ ...base, at: '2026-03-10T13:30:00+01:30', detail: { reason: 'x'.repeat(5000) } });
    assert.equal(out.at, '2026-03-10T12:00:00.000Z');
    assert.equal(String(out.detail?.reason).length, 2001);
  });

  it('refuses a malformed event', () => {
    const bad: Array<[string, unknown]> = [
      ['not an object', 'filed'],
      ['no type', { ...base, type: undefined }],
      ['type with capitals', { ...base, type: 'Filed' }],
      ['type with spaces', { ...base, type: 'quote shown' }],
      ['time without zone', { ...base, at: '2026-03-10T12:00:00' }],
      ['date only', { ...base, at: '2026-03-10' }],
      ['impossible time', { ...base, at: '2026-13-45T12:00:00Z' }],
      ['no actor', { ...base, actor: undefined }],
      ['no chat user', { ...base, actor: { partnerUserId: 'agent-7' } }],
      ['email as chat user id', { ...base, actor: { chatUserId: 'ann@contoso.com' } }],
      ['email as customer id', { ...base, customerId: 'ann@contoso.com' }],
      ['empty id', { ...base, requestId: '' }],
      ['id with newline', { ...base, requestId: 'a\nb' }],
      ['numeric amount', { ...base, amounts: { refund: 5135.35 } }],
      ['amount with comma', { ...base, amounts: { refund: '5,135.35' } }],
      ['amount with currency', { ...base, amounts: { refund: '5135.35 EUR' } }],
      ['lowercase currency', { ...base, currency: 'eur' }],
      ['object in detail', { ...base, detail: { nested: { a: 1 } } }],
      ['NaN in detail', { ...base, detail: { n: Number.NaN } }],
      ['bad detail name', { ...base, detail: { 'has space': 'x' } }],
      ['too much detail', { ...base, detail: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) }],
    ];
    for (const [why, input] of bad) assert.throws(() => sanitizeAuditEvent(input), InvalidInputError, why);
  });
});
