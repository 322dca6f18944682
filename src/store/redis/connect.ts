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
  const deadlines = new CommandDeadlines(timeoutMs);
  client.sendCommand = ((command: Command, ...rest: unknown[]) => {
    batch();
    // ioredis passes a command through sendCommand again when it resends it (offline queue): set it up once.
    const watched = command as Command & { [WATCHED]?: true };
    if (watched[WATCHED]) return send(command, ...rest);
    watched[WATCHED] = true;
    const reject = command.reject;
    command.reject = (err: Error) =>
      reject.call(
        command,
        isUnreachable(err) ? new StorageUnavailableError('Storage (Redis) is not answering.', { command: command.name, cause: err.message, timeoutMs }) : err,
      );
    deadlines.watch(command);
    return send(command, ...rest);
  }) as T['sendCommand'];
  return client;
}

const WATCHED = Symbol('deadlineWatched');

/**
 * The deadlines of a client's commands, without a timer per command: ioredis' command.setTimeout sets and clears
 * a timer for each command, and its `delete` of the timer field turns every command into a slow dictionary object
 * (~1% of a desk turn with the wrapper). Every command of a client gets the same time, so deadlines come in the
 * order commands are sent: one queue in that order, and one timer, due at the first unsettled command's deadline,
 * which rejects it as ioredis' own timer did ("Command timed out"). Settled commands leave the front of the queue as
 * new ones are sent (Redis answers a connection's commands in order), so it holds about what is in flight. The
 * timer does not keep the process alive: a pending command's socket or reconnection does.
 */
export class CommandDeadlines {
  /** In the order sent; a slot is emptied once its command leaves the queue, which then holds no reference to it. */
  private readonly commands: (Command | undefined)[] = [];
  private readonly dueAt: number[] = [];
  /** Index of the first command still watched. */
  private first = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  watch(command: Command): void {
    this.dropSettled();
    this.commands.push(command);
    this.dueAt.push(performance.now() + this.timeoutMs);
    if (!this.timer) this.arm(this.timeoutMs);
  }

  /** Commands watched and not yet known to be settled. */
  get size(): number {
    return this.commands.length - this.first;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(1, Math.ceil(delayMs)));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    for (; this.first < this.commands.length; this.first++) {
      const command = this.commands[this.first]!;
      if (!command.isSettled) {
        if (this.dueAt[this.first] > now) break;
        command.reject(new Error('Command timed out'));
      }
      this.commands[this.first] = undefined;
    }
    this.dropSettled();
    if (this.first < this.commands.length) this.arm(this.dueAt[this.first] - now);
  }

  private dropSettled(): void {
    const { commands, dueAt } = this;
    while (this.first < commands.length && commands[this.first]!.isSettled) commands[this.first++] = undefined;
    if (this.first === commands.length) {
      // Emptied now and then rather than on every drain, so that the arrays are not made again each time.
      if (this.first >= 256) {
        commands.length = 0;
        dueAt.length = 0;
        this.first = 0;
      }
    } else if (this.first >= 1024 && this.first * 2 >= commands.length) {
      // A command left unanswered while many behind it settled (one cluster node slower than the others).
      commands.splice(0, this.first);
      dueAt.splice(0, this.first);
      this.first = 0;
    }
  }
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
