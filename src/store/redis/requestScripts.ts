/**
 * The request store's Lua scripts. Every key is under the store's one hash tag `{requests}` (see RedisKeys),
 * so a record and all its index entries change in one atomic step, on a standalone Redis or a Cluster.
 */

/**
 * The store's two writes as Lua functions over keys and values passed in: the store's own scripts call them with
 * their KEYS and ARGV, the filing scripts (filingScripts.ts) with theirs, so every caller runs the same text.
 *
 * create(record, agent index, customer index, open-by-reservation index, filing index, json, id, createdMs):
 *   {1, json} when created, {0, stored json} when the key (hence the id) was seen before.
 * transition(record, filed index, ticket index, open-by-reservation index, filing index, json read, new json, id,
 *   new state, filing time ms, ticket id ('' for none), createdMs): compare-and-set of a record the caller read
 *   and checked against REQUEST_TRANSITIONS in TypeScript. {'ok'}, {'stale'} when the record changed since it was
 *   read (the caller reads and checks again; states only move forward, so this ends), or {'ticket-taken', holderId}.
 */
export const REQUEST_FUNCTIONS = `
local function createRequest(recordKey, agentKey, customerKey, openKey, filingKey, json, id, createdMs)
  local stored = redis.call('GET', recordKey)
  if stored then return { 0, stored } end
  redis.call('SET', recordKey, json)
  redis.call('ZADD', agentKey, createdMs, id)
  redis.call('ZADD', customerKey, createdMs, id)
  redis.call('ZADD', openKey, createdMs, id)
  redis.call('ZADD', filingKey, createdMs, id)
  return { 1, json }
end

local function transitionRequest(recordKey, filedKey, ticketKey, openKey, filingKey, expected, json, id, state, filedMs, ticketId, createdMs)
  if redis.call('GET', recordKey) ~= expected then return { 'stale' } end
  if ticketId ~= '' then
    local holder = redis.call('HGET', ticketKey, ticketId)
    if holder and holder ~= id then return { 'ticket-taken', holder } end
  end
  redis.call('SET', recordKey, json)
  if ticketId ~= '' then redis.call('HSET', ticketKey, ticketId, id) end
  if state == 'filed' then
    redis.call('ZADD', filedKey, filedMs, id)
  else
    redis.call('ZREM', filedKey, id)
  end
  if state == 'filing' or state == 'filed' then
    redis.call('ZADD', openKey, createdMs, id)
  else
    redis.call('ZREM', openKey, id)
  end
  if state == 'filing' then
    redis.call('ZADD', filingKey, createdMs, id)
  else
    redis.call('ZREM', filingKey, id)
  end
  return { 'ok' }
end
`;

/** KEYS: record, agent index, customer index, open-by-reservation index, filing index. ARGV: record JSON, id, creation time (ms). */
export const CREATE_LUA = `${REQUEST_FUNCTIONS}
return createRequest(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1], ARGV[2], ARGV[3])
`;

/**
 * KEYS: record, filed index, ticket index, open-by-reservation index, filing index. ARGV: the JSON read, the new JSON, id, new
 * state, filing time (ms), ticket id ('' for none), creation time (ms).
 */
export const TRANSITION_LUA = `${REQUEST_FUNCTIONS}
return transitionRequest(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
`;
