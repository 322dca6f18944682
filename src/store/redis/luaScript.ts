import type { RedisClient } from './redisKeys';

/** A Lua script bound to a client: call it with its keys, then its arguments. */
export type LuaScript = (...keysThenArgs: string[]) => Promise<unknown>;

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
