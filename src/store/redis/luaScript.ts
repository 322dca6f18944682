import { Command as IoredisCommand, type Command } from 'ioredis';
import type { RedisClient } from './redisKeys';

/** A Lua script bound to a client: call it with its keys, then its arguments. */
export type LuaScript = (...keysThenArgs: string[]) => Promise<unknown>;

/** A defined script called with one array, as EVALSHA takes it after the SHA (flatScript). */
export type FlatScript = (keysThenArgs: string[]) => Promise<unknown>;

/**
 * Registers `lua` on the client as a command (ioredis defineCommand) and returns it. The first call on a
 * connection sends the script (EVAL); every later call sends only its SHA-1 (EVALSHA), and a server that lost the
 * script (restart, SCRIPT FLUSH) answers NOSCRIPT, upon which ioredis sends it once more. A script run with
 * `redis.eval` instead would cross the wire in full on every call.
 */
export function luaScript(redis: RedisClient, name: string, numberOfKeys: number, lua: string): LuaScript {
  if (!(name in redis)) redis.defineCommand(name, { numberOfKeys, lua });
  const command = (redis as unknown as Record<string, LuaScript>)[name];
  return (...keysThenArgs) => command.apply(redis, keysThenArgs);
}

/** What ioredis' defineCommand keeps of a script: its SHA-1 and the Command class that sends EVAL on a new connection. */
interface DefinedScript {
  sha: string;
  numberOfKeys: number | null;
  keyPrefix: string;
  readOnly: boolean;
  Command: new (name: string, args: string[], options: CommandOptions) => Command;
}

interface CommandOptions {
  replyEncoding: 'utf8';
  keyPrefix?: string;
  errorStack?: Error;
}

interface ClientInternals {
  options: { enableAutoPipelining?: boolean; showFriendlyErrorStack?: boolean; keyPrefix?: string };
  scriptsSet: Record<string, DefinedScript | undefined>;
}

/**
 * Arguments ioredis need not copy: its Command constructor flattens every command's arguments with
 * Array.prototype.flat, which V8 runs some fifty times slower than a plain copy (1–4 µs a command on this machine, for
 * arrays already flat). The array, made for this one command, answers flat() with itself.
 */
function alreadyFlat(args: string[]): string[] {
  (args as unknown as { flat: () => string[] }).flat = returnsItself;
  return args;
}

function returnsItself<T>(this: T): T {
  return this;
}

/** Whether commands may be built here as ioredis' own command methods build them (no auto-pipelining, no error stacks). */
function plainClient(redis: RedisClient): boolean {
  const { options } = redis as unknown as ClientInternals;
  return !options.enableAutoPipelining && !options.showFriendlyErrorStack;
}

/**
 * A defined script (luaScript, or defineCommand) called as ioredis' Script.execute calls it, EVALSHA (EVAL on a
 * connection's first call) and once more after NOSCRIPT, with arguments it need not flatten. `keysThenArgs` as
 * EVALSHA takes them after the SHA (the key count first unless the script was defined with one).
 */
export function flatScript(redis: RedisClient, name: string): FlatScript {
  const script = (redis as unknown as ClientInternals).scriptsSet[name];
  // Anything but the shape ioredis 6 gives a defined script (or a client option that changes how commands are
  // built) keeps ioredis' own method.
  const known = script && typeof script.sha === 'string' && typeof script.Command === 'function';
  if (!known || script.keyPrefix || script.readOnly || !plainClient(redis)) {
    const command = (redis as unknown as Record<string, LuaScript>)[name];
    return (keysThenArgs) => command.apply(redis, keysThenArgs);
  }
  const { sha, numberOfKeys } = script;
  const options: CommandOptions = { replyEncoding: 'utf8' };
  const commandOf = (keysThenArgs: string[]) =>
    new script.Command('evalsha', alreadyFlat(numberOfKeys === null ? [sha, ...keysThenArgs] : [sha, String(numberOfKeys), ...keysThenArgs]), options);
  return (keysThenArgs) => {
    const evalsha = commandOf(keysThenArgs);
    evalsha.promise = evalsha.promise.catch((err: Error) => {
      if (!err.message.includes('NOSCRIPT')) throw err;
      // The server lost the script: the same command again, which the Command class sends as EVAL.
      return redis.sendCommand(commandOf(keysThenArgs));
    });
    return redis.sendCommand(evalsha) as Promise<unknown>;
  };
}

/** A command sent as ioredis' own command method sends it (`redis[name](...args)`), with arguments it need not flatten. */
export function sendFlat(redis: RedisClient, name: string, args: string[]): Promise<unknown> {
  if (!plainClient(redis)) return (redis as unknown as Record<string, (...args: string[]) => Promise<unknown>>)[name](...args);
  const { keyPrefix } = (redis as unknown as ClientInternals).options;
  return redis.sendCommand(new IoredisCommand(name, alreadyFlat(args), { replyEncoding: 'utf8', keyPrefix })) as Promise<unknown>;
}
