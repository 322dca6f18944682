import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Redis, { Cluster } from 'ioredis';
import { connectRedis } from '../../src/store/redis/connect';
import { Decimal } from '../../src/domain/money';
import { StandInConnector } from '../e2e/standInConnector';
import { TeamsClient, factsOf } from '../e2e/teamsClient';
import { startBot } from '../e2e/teamsApp';
import { RedisCapLedger } from '../../src/store/redis/capLedger';
import { redisStoreContracts } from './contracts/redisStores';

/** A real three-node Redis Cluster on 127.0.0.1, started for this file and stopped after it. */
const PORTS = [7101, 7102, 7103];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startCluster(dir: string): Promise<ChildProcess[]> {
  const nodes = PORTS.map((port) =>
    spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        path.join(dir, `nodes-${port}.conf`),
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      { stdio: 'ignore' },
    ),
  );
  for (const port of PORTS) {
    for (let attempt = 0; ; attempt++) {
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch {
        if (attempt > 50) throw new Error(`redis-server on ${port} did not start`);
        await sleep(100);
      } finally {
        probe.disconnect();
      }
    }
  }
  execFileSync('redis-cli', ['--cluster', 'create', ...PORTS.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 100; attempt++) {
    const info = execFileSync('redis-cli', ['-p', String(PORTS[0]), 'cluster', 'info'], { encoding: 'utf8' });
    if (info.includes('cluster_state:ok')) return nodes;
    await sleep(100);
  }
  throw new Error('the cluster did not become ready');
}

describe('Redis Cluster (three real nodes on 127.0.0.1:7101-7103)', function () {
  this.timeout(60000);
  let dir: string;
  let nodes: ChildProcess[] = [];
  const clients: Cluster[] = [];
  const base = `test:cluster:${randomUUID().slice(0, 8)}:`;
  let fixtures = 0;
  const freshPrefix = () => `${base}${++fixtures}:`;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rd-cluster-'));
    nodes = await startCluster(dir);
    for (let i = 0; i < 3; i++) clients.push(connectRedis(`redis://127.0.0.1:${PORTS[i]}`, true) as Cluster);
    // The nodes are killed at the end while the clients close: their connection errors then are expected.
    for (const client of clients) client.on('error', () => undefined).on('node error', () => undefined);
    await Promise.all(clients.map((c) => c.ping()));
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
    for (const node of nodes) node.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it("spreads the stores' keys over the nodes while every script stays within one slot", async () => {
    const prefix = freshPrefix();
    const ledgers = Array.from({ length: 30 }, (_, i) => i);
    const ledger = new RedisCapLedger(clients[0], { prefix });
    for (const i of ledgers) await ledger.reserve(`customer-${i}`, `request-${i}`, new Decimal('10.00'), new Date('2026-03-10T12:00:00Z'));
    const nodesWithKeys = await Promise.all(clients[0].nodes('master').map(async (node) => (await node.keys(`${prefix}*`)).length));
    assert.ok(nodesWithKeys.filter((count) => count > 0).length >= 2, `keys on several nodes: ${nodesWithKeys.join(', ')}`);
  });

  it('runs the whole bot on the cluster: a Teams refund filed once despite a double click', async () => {
    const connector = new StandInConnector();
    const connectorUrl = await connector.start();
    const bot = await startBot({
      REDIS_URL: `redis://127.0.0.1:${PORTS[1]}`,
      REDIS_CLUSTER: 'on',
      REDIS_KEY_PREFIX: freshPrefix(),
      SANDBOX_CLOCK: '2026-06-15T10:00:00Z',
      CREDIT_POLL_SECONDS: '3600',
    });
    try {
      const ava = new TeamsClient(bot.url, connector, connectorUrl, {
        tenantId: '8d902246-5b47-453f-b6ee-545c6acbeb92',
        aadObjectId: '6e9ffb03-7d1b-4dc2-a550-0ce56d837065',
        name: 'Ava',
      });
      await ava.say('/refund alder');
      await ava.click('Choose af-sql-gp8');
      await ava.click('Continue');
      const file = ava.clickActivity('File request', {
        firstName: 'Ava',
        lastName: 'L',
        email: 'ava@example.com',
        preferredContactMethod: 'email',
        timeZone: 'UTC',
        country: 'SWE',
        language: 'en-us',
      });
      await Promise.all([ava.post(file), ava.post(file)]);
      const [customer] = (await bot.app.services.provider.directory.searchCustomers('alder', 0, 1)).items;
      const requests = await bot.app.services.requests.listByCustomer(customer.id);
      assert.equal(requests.length, 1);
      assert.equal(requests[0].state, 'filed');
      assert.match(factsOf(ava.lastCard())['Support ticket'], /^\d{16}$/);
    } finally {
      await bot.app.close();
      await connector.stop();
    }
  });

  redisStoreContracts(() => clients, freshPrefix);
});
