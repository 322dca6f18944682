import assert from 'node:assert/strict';
import { creditNoticeActivity, creditNoticeData } from '../../src/notify/creditNotice';
import { recoveryNoticeActivity } from '../../dialogs/recoveryNotice';
import type { RequestRecord } from '../../src/ports/requestStore';
import { newRequest, T0 } from './fixtures';

function record(kind: 'refund' | 'exchange', locale?: unknown): RequestRecord {
  return {
    ...newRequest({ kind }),
    ...(locale !== undefined ? { locale } : {}),
    id: 'rq-1',
    state: 'credited',
    createdAt: T0.toISOString(),
    updatedAt: T0.toISOString(),
  } as RequestRecord;
}

const cardJson = (activity: { attachments?: Array<{ content?: unknown }> }) => JSON.stringify(activity.attachments?.[0]?.content);

describe('the credit notice', () => {
  const notification = { requestId: 'rq-1', creditId: 'c', ticketId: '2603101234567890', amount: '180.29', currency: 'EUR', creditedAt: T0.toISOString() };

  it('tells the agent to refund the customer for a refund', () => {
    const data = creditNoticeData(record('refund'), notification);
    assert.equal(data.title, 'Refund credited');
    assert.match(String(data.next), /Now refund your customer/);
    assert.deepEqual((data.facts as Array<{ title: string; value: string }>)[0], { title: 'Credited', value: '180.29 EUR' });
  });

  it('never tells the agent to pay the customer for an exchange', () => {
    const data = creditNoticeData(record('exchange'), notification);
    assert.equal(data.title, 'Exchange credited');
    assert.doesNotMatch(String(data.next), /refund your customer/i);
  });

  it('speaks the language the agent filed in: German amounts, dates and words for a request filed in German', () => {
    const german = { ...notification, amount: '1234.5', creditedAt: '2026-06-15T10:00:00Z' };
    const data = creditNoticeData(record('refund', 'de'), german);
    assert.equal(data.title, 'Rückerstattung gutgeschrieben');
    assert.equal(data.next, 'Microsoft hat Ihrem Partnerkonto den Betrag gutgeschrieben. Erstatten Sie ihn jetzt Ihrem Kunden.');
    assert.deepEqual((data.facts as Array<{ title: string; value: string }>).slice(0, 3), [
      { title: 'Gutgeschrieben', value: '1.234,50 EUR' },
      { title: 'Gutgeschrieben am', value: '15.06.2026' },
      { title: 'Supportanfrage', value: '2603101234567890' },
    ]);
    assert.match(String(data.headline), /^Microsoft hat 1\.234,50 EUR für die Rückerstattung von /);
    assert.match(cardJson(creditNoticeActivity(record('exchange', 'de'), german)), /Umtausch gutgeschrieben/);
  });

  it('is English, exactly as before, for a request stored without a language (filed before it was stored) or with one it does not know', () => {
    const old = { ...notification, amount: '1234.5', creditedAt: '2026-06-15T10:00:00Z' };
    for (const locale of [undefined, 'fr', 42]) {
      const data = creditNoticeData(record('refund', locale), old);
      assert.equal(data.title, 'Refund credited', String(locale));
      assert.equal(data.headline, 'Microsoft credited 1,234.50 EUR for the refund of sql-gp8 (Contoso Ltd).');
      assert.deepEqual((data.facts as Array<{ title: string; value: string }>).slice(0, 2), [
        { title: 'Credited', value: '1,234.50 EUR' },
        { title: 'Credited on', value: '2026-06-15' },
      ]);
    }
  });
});

describe('the recovery notice', () => {
  it("tells the agent in the request's language what became of an interrupted filing", () => {
    assert.equal(
      recoveryNoticeActivity(record('refund', 'de'), 'failed').text,
      'Ihr Rückerstattungsantrag für sql-gp8 (Contoso Ltd) wurde unterbrochen, bevor Microsoft ihn erhalten hat: Es wurde nichts eingereicht, und die Erstattungsgrenze des Kunden ist unverändert. Beginnen Sie neu mit /refund, wenn Sie bereit sind.',
    );
    const filed = recoveryNoticeActivity({ ...record('exchange', 'de'), state: 'filed', ticketId: 'T-1' }, 'filed');
    assert.match(String(filed.text), /^Ihr Umtauschantrag für sql-gp8 \(Contoso Ltd\) wurde beim Einreichen unterbrochen/);
    assert.equal(filed.attachments?.length, 1, 'with its receipt');
  });

  it('stays English, word for word, for a request stored without a language', () => {
    assert.equal(
      recoveryNoticeActivity(record('refund'), 'failed').text,
      "Your refund request for sql-gp8 (Contoso Ltd) was interrupted before Microsoft received it: nothing was filed and the customer's refund cap is as it was before. Start again with /refund when you are ready.",
    );
    assert.equal(
      recoveryNoticeActivity(record('exchange'), 'failed').text,
      'Your exchange request for sql-gp8 (Contoso Ltd) was interrupted before Microsoft received it: nothing was filed. Start again with /exchange when you are ready.',
    );
    assert.equal(
      recoveryNoticeActivity({ ...record('refund'), state: 'filed', ticketId: 'T-1' }, 'filed').text,
      'Your refund request for sql-gp8 (Contoso Ltd) was interrupted while it was being filed; Microsoft has it, so it is now filed. Here is its receipt.',
    );
  });
});
