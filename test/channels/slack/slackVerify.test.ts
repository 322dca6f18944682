import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { isSignedBySlack } from '../../../src/channels/slack/verify';

const SECRET = 'unit-signing-secret';
const NOW_MS = 1_781_517_600_000;
const NOW_S = NOW_MS / 1000;
const sign = (body: string, ts: number, secret = SECRET) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
const check = (rawBody: string, ts: number, signature = sign(rawBody, ts)) => isSignedBySlack({ rawBody, timestamp: String(ts), signature }, SECRET, NOW_MS);

describe('Slack request signatures', () => {
  it('accepts a body signed with the secret within five minutes either way', () => {
    assert.equal(check('command=%2Frefund', NOW_S), true);
    assert.equal(check('command=%2Frefund', NOW_S - 300), true);
    assert.equal(check('command=%2Frefund', NOW_S + 300), true);
  });

  it('refuses stale or future timestamps, other secrets, changed bodies, empty bodies and missing headers', () => {
    const body = 'command=%2Frefund';
    assert.equal(check(body, NOW_S - 301), false);
    assert.equal(check(body, NOW_S + 301), false);
    assert.equal(check(body, NOW_S, sign(body, NOW_S, 'other')), false);
    assert.equal(check(`${body}&text=x`, NOW_S, sign(body, NOW_S)), false);
    assert.equal(check('', NOW_S), false);
    assert.equal(isSignedBySlack({ rawBody: body, timestamp: undefined, signature: sign(body, NOW_S) }, SECRET, NOW_MS), false);
    assert.equal(isSignedBySlack({ rawBody: body, timestamp: String(NOW_S), signature: undefined }, SECRET, NOW_MS), false);
    assert.equal(isSignedBySlack({ rawBody: body, timestamp: 'soon', signature: sign(body, NOW_S) }, SECRET, NOW_MS), false);
    assert.equal(isSignedBySlack({ rawBody: body, timestamp: String(NOW_S), signature: sign(body, NOW_S, '') }, '', NOW_MS), false);
  });
});
