import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackChannel } from '../../src/channels/slack';
import { MemoryIdempotencyStore } from '../../src/store/memory/idempotency';
import { DeliveryError, adapterSender, deliveryErrorOfSlack } from '../../src/notify/proactiveSenders';
import { silentLog } from './fixtures';

describe('credit notices to Slack under a rate limit', () => {
  it('hand the 429 and its Retry-After to the delivery worker at once, without pausing the interactive client', async () => {
    let calls = 0;
    const slack = http.createServer((req, res) => {
      calls += 1;
      req.resume();
      res.statusCode = 429;
      res.setHeader('retry-after', '2');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    });
    await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
    const apiUrl = `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`;
    const channel = createSlackChannel(
      { signingSecret: 'secret', botToken: 'xoxb-test', apiUrl },
      { logic: async () => undefined, idempotency: new MemoryIdempotencyStore(), log: silentLog },
    );
    try {
      const sender = adapterSender(channel.noticeAdapter, deliveryErrorOfSlack);
      const reference = {
        channelId: 'slack',
        serviceUrl: '',
        conversation: { id: 'C0DESK', tenantId: 'T07NBEAM01' },
        user: { id: 'U07AVALIND' },
        bot: { id: 'B1' },
      };
      await assert.rejects(
        sender.send(reference, { type: 'message', text: 'credited' }),
        (err: unknown) => err instanceof DeliveryError && err.status === 429 && err.retryAfterMs === 2000,
      );
      assert.equal(calls, 1, 'no retry inside the Slack client');
    } finally {
      await new Promise<void>((resolve) => slack.close(() => resolve()));
    }
  });
});
