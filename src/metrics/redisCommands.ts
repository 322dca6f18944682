import { Command, ReplyError } from 'ioredis';
import { secondsSince, type RedisMetrics } from '../ports/metrics';
import type { RedisClient } from '../store/redis/redisKeys';

/** redis-errors' class for an error Redis itself answered (WRONGTYPE, NOSCRIPT, BUSYGROUP, …). */
const RedisReplyError = ReplyError as abstract new (...args: never[]) => Error;

/**
 * Reports every command this one client sends: its latency (call to answer, so time queued while reconnecting
 * counts) and whether it failed. `sendCommand` is the one door of an ioredis client (plain commands, scripts,
 * pipelines, Cluster routing); it is wrapped on this instance only, so another app's client in the same process
 * reports to its own metrics. ioredis' own tracing channel is process-wide and names no client, hence not used.
 */
export function observeRedisCommands(client: RedisClient, metrics: RedisMetrics): void {
  // ioredis passes a command through sendCommand again when it resends it (offline queue, reconnect): count it once.
  const seen = new WeakSet<Command>();
  const send = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  const observed = (command: Command, ...rest: unknown[]): unknown => {
    // The connection's own set-up (HELLO, CLIENT SETINFO, …) is not our traffic, and ioredis shrugs off its refusals.
    const handshake = client.status !== 'ready' && Command.checkFlag('HANDSHAKE_COMMANDS', command.name);
    if (handshake || seen.has(command)) return send(command, ...rest);
    seen.add(command);
    const start = performance.now();
    const result = send(command, ...rest);
    command.promise.then(
      () => metrics.redisCommand(command.name, 'ok', secondsSince(start)),
      (err: unknown) => metrics.redisCommand(command.name, err instanceof RedisReplyError ? 'reply-error' : 'connection-error', secondsSince(start)),
    );
    return result;
  };
  client.sendCommand = observed as typeof client.sendCommand;
}
