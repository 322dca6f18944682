import Redis, { type Command } from 'ioredis';
import { StorageUnavailableError } from '../../errors';
import type { RedisClient } from './redisKeys';

/** How long one Redis command may take, unless REDIS_COMMAND_TIMEOUT_MS says otherwise. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 2000;

export interface RedisConnectOptions {
  /** The deadline of every command, counted from the call (time queued while reconnecting included). */
  commandTimeoutMs?: number;
}

// What ioredis rejects a command with when Redis does not answer or cannot be reached (not Redis' own errors).
const UNREACHABLE_MESSAGES = new Set(['Command timed out', 'Connection is closed.', 'Cluster is ended.']);
const UNREACHABLE_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);

function isUnreachable(err: unknown): err is Error {
  return err instanceof Error && (UNREACHABLE_MESSAGES.has(err.message) || UNREACHABLE_NAMES.has(err.name));
}

/**
 * Every command gets a deadline, and a Redis that does not answer becomes a StorageUnavailableError, at the one
 * entry every command passes (the client's sendCommand; the Cluster client's too, which also covers its queue
 * while it looks for nodes). A frozen Redis (its socket open, nothing coming back) thus fails a turn within
 * the deadline instead of hanging it. Errors are translated in the command's own reject, so callback-style
 * internal commands of ioredis see the same single promise they always did.
 */
function withDeadlines<T extends RedisClient>(client: T, timeoutMs: number): T {
  const send = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  const batch = client instanceof Redis ? writesBatchedPerTick(client) : () => undefined;
  // ioredis passes a command through sendCommand again when it resends it (offline queue): set it up once.
  const armed = new WeakSet<Command>();
  client.sendCommand = ((command: Command, ...rest: unknown[]) => {
    batch();
    if (armed.has(command)) return send(command, ...rest);
    armed.add(command);
    const reject = command.reject;
    command.reject = (err: Error) =>
      reject.call(
        command,
        isUnreachable(err) ? new StorageUnavailableError('Storage (Redis) is not answering.', { command: command.name, cause: err.message, timeoutMs }) : err,
      );
    command.setTimeout(timeoutMs);
    return send(command, ...rest);
  }) as T['sendCommand'];
  return client;
}

/**
 * ioredis writes each command to its socket on its own, one write system call each. A turn sends its commands
 * together (its state write and its audit events, in one round trip), so the socket is corked at the first command
 * and uncorked once the code that is running has finished (process.nextTick): what was sent meanwhile leaves in one
 * write. Nothing waits longer than that, and the order of commands on the connection is unchanged.
 */
function writesBatchedPerTick(client: Redis): () => void {
  let corked: Redis['stream'] | undefined;
  const uncork = () => {
    const stream = corked;
    corked = undefined;
    stream?.uncork();
  };
  return () => {
    // The socket of a connection that is not up yet (or is being replaced) is left alone: ioredis queues then.
    if (corked || client.status !== 'ready') return;
    corked = client.stream;
    corked.cork();
    process.nextTick(uncork);
  };
}

/**
 * One client for every store. Commands wait (queued) while Redis reconnects, but never past their deadline: a
 * turn fails rather than hangs. With REDIS_CLUSTER=on the URL is one node of the cluster; ioredis finds the rest
 * and follows MOVED/ASK redirections (every multi-key script of ours keeps its keys in one hash slot).
 */
export function connectRedis(url: string, cluster: boolean, options: RedisConnectOptions = {}): RedisClient {
  const timeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const redisOptions = { maxRetriesPerRequest: 3 };
  if (!cluster) return withDeadlines(new Redis(url, redisOptions), timeoutMs);
  const node = new URL(url);
  const client = new Redis.Cluster([{ host: node.hostname, port: Number(node.port || 6379) }], {
    redisOptions: {
      ...redisOptions,
      username: node.username ? decodeURIComponent(node.username) : undefined,
      password: node.password ? decodeURIComponent(node.password) : undefined,
      tls: node.protocol === 'rediss:' ? {} : undefined,
    },
  });
  return withDeadlines(client, timeoutMs);
}
