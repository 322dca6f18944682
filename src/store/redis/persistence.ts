import type { Cluster, Redis } from 'ioredis';
import type { Logger } from '../../log';
import type { RedisClient } from './redisKeys';

/** What one Redis server keeps on disk; undefined where it would not say (managed Redis often renames CONFIG). */
export interface RedisPersistence {
  appendOnly?: boolean;
  snapshots?: boolean;
}

function isCluster(redis: RedisClient): redis is Cluster {
  return 'nodes' in redis && typeof redis.nodes === 'function';
}

async function persistenceOf(server: Redis): Promise<RedisPersistence> {
  try {
    const [, appendonly] = (await server.config('GET', 'appendonly')) as string[];
    const [, save] = (await server.config('GET', 'save')) as string[];
    return { appendOnly: appendonly === 'yes', snapshots: (save ?? '').trim() !== '' };
  } catch {
    // CONFIG refused: INFO still says whether AOF is on; whether snapshots are scheduled it does not.
    try {
      const aof = /^aof_enabled:(\d)/m.exec(await server.info('persistence'))?.[1];
      return { appendOnly: aof === undefined ? undefined : aof === '1' };
    } catch {
      return {};
    }
  }
}

/**
 * At start-up: warn when a Redis (each primary of a cluster) keeps nothing on disk, since a restart then loses every
 * request record, cap entry and audit event (docs/scaling.md). Never stops start-up: it only tells the operator.
 */
export async function warnIfNothingOnDisk(redis: RedisClient, log: Logger): Promise<void> {
  const servers = isCluster(redis) ? redis.nodes('master') : [redis];
  for (const server of servers) {
    const where = `${server.options.host ?? '?'}:${server.options.port ?? '?'}`;
    const persistence = await persistenceOf(server);
    if (persistence.appendOnly === false && persistence.snapshots === false) {
      log.warn(
        { redis: where, appendonly: 'no', save: '' },
        'Redis keeps nothing on disk (no AOF, no snapshots): a restart of it loses every request, cap entry and audit event. Turn on appendonly (see docs/scaling.md).',
      );
    } else if (persistence.appendOnly === undefined || (persistence.appendOnly === false && persistence.snapshots === undefined)) {
      log.info(
        { redis: where, appendonly: persistence.appendOnly },
        'Redis does not say what it keeps on disk (CONFIG refused): check that its persistence is on (see docs/scaling.md)',
      );
    }
  }
}
