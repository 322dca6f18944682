import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { isValidSlackRequest } from '@slack/bolt';
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

  it('compares the whole signature header: another version, a cut, a longer or an upper-case signature is refused', () => {
    const body = 'command=%2Frefund';
    const good = sign(body, NOW_S);
    assert.equal(check(body, NOW_S, good.replace('v0=', 'v1=')), false);
    assert.equal(check(body, NOW_S, good.slice(0, -1)), false);
    assert.equal(check(body, NOW_S, `${good}=00`), false);
    assert.equal(check(body, NOW_S, `${good}0`), false);
    assert.equal(check(body, NOW_S, good.slice(3)), false);
    assert.match(good, /[a-f]/);
    assert.equal(check(body, NOW_S, `v0=${good.slice(3).toUpperCase()}`), false);
  });

  it("agrees with Bolt's own check on good and bad signatures", () => {
    for (const [body, ts, signature] of [
      ['command=%2Frefund&text=x', NOW_S, sign('command=%2Frefund&text=x', NOW_S)],
      ['payload=%7B%7D', NOW_S - 120, sign('payload=%7B%7D', NOW_S - 120)],
      ['{"type":"event_callback"}', NOW_S, sign('{"type":"event_callback"}', NOW_S, 'other')],
      ['a=b', NOW_S - 400, sign('a=b', NOW_S - 400)],
    ] as const) {
      const bolt = isValidSlackRequest({
        signingSecret: SECRET,
        body,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
        nowMilliseconds: NOW_MS,
      });
      assert.equal(check(body, ts, signature), bolt, body);
    }
  });
});
