import { capFunctions } from './capScripts';
import { REQUEST_FUNCTIONS } from './requestScripts';

/**
 * The filing's two scripts (RedisFilingStore), built from the request store's and the cap ledger's own Lua
 * functions, so a filing writes exactly what those stores would. They touch keys of several Cluster hash slots
 * (requests, the customer's cap, the lease, the audit stream), so they run on a standalone Redis only; on a
 * Cluster the filing takes its steps one by one.
 */

/**
 * KEYS: the request's five (CREATE_LUA's), the driver lease, the cap owner binding, the customer's cap entries and
 * timeline. ARGV: record JSON, id, createdMs, lease token, lease ms, '1' to reserve cap (refunds) else '0',
 * customerId, then RESERVE_LUA's five (requestId, cents, atMs, limitCents, windowMs).
 *
 * Returns {'exists', stored json} (key seen before: nothing else done) | {'lease-busy'} | {'reservation-busy', otherId}
 *       | {'cap-owner', owner} (the cap id belongs to another customer) | {'reserved', reserve's reply...} | {'ready'}.
 * A new request is the latest one for its reservation, so any other open request there is earlier and wins.
 */
export const FILING_BEGIN_LUA = `${REQUEST_FUNCTIONS}
${capFunctions('KEYS[8]', 'KEYS[9]')}
local created = createRequest(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1], ARGV[2], ARGV[3])
if created[1] == 0 then return { 'exists', created[2] } end
if not redis.call('SET', KEYS[6], ARGV[4], 'NX', 'PX', ARGV[5]) then return { 'lease-busy' } end
for _, other in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  if other ~= ARGV[2] then return { 'reservation-busy', other } end
end
if ARGV[6] ~= '1' then return { 'ready' } end
if not redis.call('SET', KEYS[7], ARGV[7], 'NX') then
  local owner = redis.call('GET', KEYS[7])
  if owner and owner ~= ARGV[7] then return { 'cap-owner', owner } end
end
local reply = reserve(ARGV[8], ARGV[9], ARGV[10], tonumber(ARGV[11]), tonumber(ARGV[12]))
return { 'reserved', reply[1], reply[2] or '', reply[3] or '', reply[4] or '' }
`;

/**
 * KEYS: TRANSITION_LUA's five, the driver lease, the audit stream. ARGV: TRANSITION_LUA's seven, the lease token
 * ('' to leave the lease alone), the audit stream's MAXLEN, the audit entry's JSON.
 * Returns the transition's reply; only on 'ok' is the event appended and the lease (if still this token's) freed.
 */
export const FILING_FILED_LUA = `${REQUEST_FUNCTIONS}
local result = transitionRequest(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7])
if result[1] ~= 'ok' then return result end
redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[9], '*', 'event', ARGV[10])
if ARGV[8] ~= '' and redis.call('GET', KEYS[6]) == ARGV[8] then redis.call('DEL', KEYS[6]) end
return result
`;
