import assert from 'node:assert/strict';
import { createApp, type App } from '../src/app';
import { loadConfig } from '../src/config';
import { cachedProbe, PROVIDER_PROBE_TTL_MS, type HealthResult } from '../src/health';
import { createSandboxProvider } from '../src/providers/sandbox';
import { dropPrefix, REDIS_URL, testPrefix } from './e2e/teamsApp';

/** A probe whose answers the test releases, counting how often it is asked. */
function gatedProbe() {
  const waiting: Array<(result: HealthResult) => void> = [];
  const probe = {
    calls: 0,
    name: 'provider:test',
    check: () => {
      probe.calls += 1;
      return new Promise<HealthResult>((resolve) => waiting.push(resolve));
    },
    answer(result: HealthResult) {
      for (const resolve of waiting.splice(0)) resolve(result);
    },
  };
  return probe;
}

describe('health: the provider probe behind /readyz', () => {
  let nowMs = 1_000;
  const clock = () => nowMs;

  it('asks the provider once for any number of concurrent callers, and answers later callers from that probe for a minute', async () => {
    const probe = gatedProbe();
    const cached = cachedProbe(probe, { ttlMs: PROVIDER_PROBE_TTL_MS, nowMs: clock, wallClock: () => new Date('2026-06-15T10:00:00Z') });
    const concurrent = Array.from({ length: 100 }, () => cached.check());
    assert.equal(probe.calls, 1, 'callers while the probe runs share it');
    probe.answer({ ok: true, detail: 'Partner Center answers' });
    for (const result of await Promise.all(concurrent))
      assert.deepEqual(result, { ok: true, detail: 'Partner Center answers', checkedAt: '2026-06-15T10:00:00.000Z' });

    nowMs += PROVIDER_PROBE_TTL_MS - 1;
    await Promise.all(Array.from({ length: 100 }, () => cached.check()));
    assert.equal(probe.calls, 1, 'still within the minute');

    nowMs += 1;
    const next = cached.check();
    assert.equal(probe.calls, 2, 'a minute after the probe started, the next caller probes again');
    probe.answer({ ok: true });
    await next;
  });

  it('keeps a failure for the minute too, and turns a probe that throws into a failed check', async () => {
    let calls = 0;
    const cached = cachedProbe(
      {
        name: 'provider:test',
        check: async () => {
          calls += 1;
          throw new Error('partner-center-unavailable');
        },
      },
      { ttlMs: PROVIDER_PROBE_TTL_MS, nowMs: clock },
    );
    for (let i = 0; i < 20; i++)
      assert.deepEqual({ ...(await cached.check()), checkedAt: undefined }, { ok: false, detail: 'partner-center-unavailable', checkedAt: undefined });
    assert.equal(calls, 1, 'a failing provider is not asked more often');
  });
});

describe('health over HTTP: /healthz never calls the provider; /readyz asks it at most once a minute', function () {
  this.timeout(20000);
  let app: App;
  let url: string;
  let prefix: string;
  let nowMs = 0;
  let healthCalls = 0;
  let providerOk = true;

  beforeEach(async () => {
    prefix = testPrefix();
    nowMs = 0;
    healthCalls = 0;
    providerOk = true;
    const sandbox = createSandboxProvider({ now: '2026-06-15T10:00:00Z' });
    const provider = {
      ...sandbox,
      health: async () => {
        healthCalls += 1;
        return providerOk ? sandbox.health() : { ok: false, detail: 'partner-center-unavailable' };
      },
    };
    app = await createApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', REDIS_URL, REDIS_KEY_PREFIX: prefix, LOG_LEVEL: 'silent', CREDIT_POLL_SECONDS: '3600' }), {
      provider,
      probeClockMs: () => nowMs,
    });
    url = `http://127.0.0.1:${(await app.listen()).port}`;
  });
  afterEach(async () => {
    await app.close();
    await dropPrefix(prefix);
  });

  const hit = async (path: string, times: number) =>
    Promise.all(
      Array.from({ length: times }, async () => {
        const res = await fetch(`${url}${path}`);
        return { status: res.status, body: (await res.json()) as { ok: boolean; checks: Array<{ name: string; ok: boolean; checkedAt?: string }> } };
      }),
    );

  it('answers /healthz from the process and Redis only, however often it is hit', async () => {
    const answers = await hit('/healthz', 60);
    assert.equal(healthCalls, 0, 'the provider was never called');
    for (const { status, body } of answers) {
      assert.equal(status, 200);
      assert.deepEqual(
        body.checks.map((c) => c.name),
        ['process', 'redis'],
      );
    }
  });

  it('probes the provider once for 120 hits of /readyz within a minute, and again only after it', async () => {
    const first = await hit('/readyz', 60);
    nowMs += 30_000;
    const second = await hit('/readyz', 60);
    assert.equal(healthCalls, 1);
    for (const { status, body } of [...first, ...second]) {
      assert.equal(status, 200);
      assert.deepEqual(
        body.checks.map((c) => [c.name, c.ok]),
        [
          ['redis', true],
          ['provider:sandbox', true],
        ],
      );
      assert.ok(body.checks[1].checkedAt, 'the cached answer says when the provider was asked');
    }
    nowMs += 30_000;
    await hit('/readyz', 60);
    assert.equal(healthCalls, 2);
  });

  it('is not ready while the provider fails (503, the check named), and is still alive', async () => {
    providerOk = false;
    const [ready] = await hit('/readyz', 1);
    assert.equal(ready.status, 503);
    assert.deepEqual(
      ready.body.checks.find((c) => c.name === 'provider:sandbox'),
      { name: 'provider:sandbox', ok: false, detail: 'partner-center-unavailable', checkedAt: ready.body.checks[1].checkedAt },
    );
    const [alive] = await hit('/healthz', 1);
    assert.equal(alive.status, 200);
    providerOk = true;
    assert.equal((await hit('/readyz', 1))[0].status, 503, 'the failure stands for the minute');
    nowMs += PROVIDER_PROBE_TTL_MS;
    assert.equal((await hit('/readyz', 1))[0].status, 200, 'and is asked again after it');
    assert.equal(healthCalls, 2);
  });
});
