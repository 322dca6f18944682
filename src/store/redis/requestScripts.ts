/**
 * The request store's Lua scripts. Every key is under the store's one hash tag `{requests}` (see RedisKeys),
 * so a record and all its index entries change in one atomic step, on a standalone Redis or a Cluster.
 */

/**
 * KEYS: record, agent index, customer index, open-by-reservation index, filing index. ARGV: record JSON, id, creation time (ms).
 * Returns {1, json} when created, {0, stored json} when the key (hence the id) was seen before.
 */
export const CREATE_LUA = `
local stored = redis.call('GET', KEYS[1])
if stored then return { 0, stored } end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[2])
redis.call('ZADD', KEYS[5], ARGV[3], ARGV[2])
return { 1, ARGV[1] }
`;

/**
 * Compare-and-set of a record the caller read and checked against REQUEST_TRANSITIONS in TypeScript.
 * KEYS: record, filed index, ticket index, open-by-reservation index, filing index. ARGV: the JSON read, the new JSON, id, new
 * state, filing time (ms), ticket id ('' for none), creation time (ms).
 * Returns {'ok'}, {'stale'} when the record changed since it was read (the caller reads and checks again;
 * states only move forward, so this ends), or {'ticket-taken', holderId}.
 */
export const TRANSITION_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return { 'stale' } end
local id, state, ticketId = ARGV[3], ARGV[4], ARGV[6]
if ticketId ~= '' then
  local holder = redis.call('HGET', KEYS[3], ticketId)
  if holder and holder ~= id then return { 'ticket-taken', holder } end
end
redis.call('SET', KEYS[1], ARGV[2])
if ticketId ~= '' then redis.call('HSET', KEYS[3], ticketId, id) end
if state == 'filed' then
  redis.call('ZADD', KEYS[2], ARGV[5], id)
else
  redis.call('ZREM', KEYS[2], id)
end
if state == 'filing' or state == 'filed' then
  redis.call('ZADD', KEYS[4], ARGV[7], id)
else
  redis.call('ZREM', KEYS[4], id)
end
if state == 'filing' then
  redis.call('ZADD', KEYS[5], ARGV[7], id)
else
  redis.call('ZREM', KEYS[5], id)
end
return { 'ok' }
`;
