/**
 * The cap ledger's Lua scripts. Redis runs a script without interleaving any other command, which is what
 * makes check-and-reserve atomic across every bot instance. All amounts are whole USD cents and all times
 * milliseconds: Lua numbers are doubles, exact for whole numbers up to 2^53 (the boundary refuses more).
 * Numbers are written back with '%.0f' because Lua's tostring would switch to exponent notation.
 *
 * Entry encoding (one hash field per cap request id): "state|reservedCents|amountCents|atMs|consumedCents|remainingCents",
 * the last two being the figures the grant answered with (entries written before they were kept lack them).
 * KEYS are always [entries hash, timeline zset] of one customer; both carry the customer's hash tag.
 */

/**
 * The shared functions, over one customer's two keys named by Lua expressions (the ledger's own scripts pass
 * KEYS[1], KEYS[2]; the filing script its own positions): one text, so the property test of the ledger's reserve
 * holds for every script that reserves.
 */
export function capFunctions(entriesKeyExpr: string, timelineKeyExpr: string): string {
  return `
local entriesKey, timelineKey = ${entriesKeyExpr}, ${timelineKeyExpr}

local function fmt(n) return string.format('%.0f', n) end

local function parse(raw)
  local state, reserved, amount, at, tail = string.match(raw, '^(%a+)|(%d+)|(%d+)|(%-?%d+)(.*)$')
  if not state or (tail ~= '' and not string.match(tail, '^|%d+|%d+$')) then error('corrupt cap entry: ' .. raw) end
  return { state = state, reserved = reserved, amount = amount, at = at, tail = tail }
end

-- Reserved and credited amounts whose filing time is in (fromMs, toMs) (or (fromMs, toMs] when toInclusive).
local function counted(fromMs, toMs, toInclusive)
  local upper = toInclusive and fmt(toMs) or '(' .. fmt(toMs)
  local ids = redis.call('ZRANGEBYSCORE', timelineKey, '(' .. fmt(fromMs), upper)
  local list = {}
  for _, id in ipairs(ids) do
    local raw = redis.call('HGET', entriesKey, id)
    if raw then
      local entry = parse(raw)
      if entry.state ~= 'released' then list[#list + 1] = { at = tonumber(entry.at), amount = tonumber(entry.amount) } end
    end
  end
  return list
end

-- The window ending at t is (t - window, t].
local function windowSum(list, t, window)
  local sum = 0
  for _, e in ipairs(list) do
    if e.at > t - window and e.at <= t then sum = sum + e.amount end
  end
  return sum
end

-- consumed at 'at', and the peak over every window a new entry at 'at' falls in (ends in [at, at + window)):
-- see capWindowFigures in src/domain/cap.ts, which this mirrors (the ledger passes the domain's window length).
local function figures(at, window)
  local list = counted(at - window, at + window, false)
  local consumed = windowSum(list, at, window)
  local peak = consumed
  for _, e in ipairs(list) do
    if e.at > at and e.at < at + window then
      local sum = windowSum(list, e.at, window)
      if sum > peak then peak = sum end
    end
  end
  return consumed, peak
end

local function remaining(limit, peak)
  if peak >= limit then return 0 end
  return limit - peak
end

-- The reserve (see RESERVE_LUA): amounts in cents, times in ms, the texts as the caller sent them.
local function reserve(requestId, amountText, atText, limit, window)
  local amount, at = tonumber(amountText), tonumber(atText)
  local existing = redis.call('HGET', entriesKey, requestId)
  if existing then
    local entry = parse(existing)
    if tonumber(entry.reserved) ~= amount then return { 'conflict', existing } end
    local kept = { string.match(entry.tail, '^|(%d+)|(%d+)$') }
    if kept[1] then return { 'granted', existing, kept[1], kept[2] } end
    local _, peak = figures(tonumber(entry.at), window)
    return { 'granted', existing, fmt(peak), fmt(remaining(limit, peak)) }
  end

  local _, peak = figures(at, window)
  if peak + amount > limit then
    return { 'refused', '', fmt(peak), fmt(remaining(limit, peak)) }
  end

  local consumedText, remainingText = fmt(peak + amount), fmt(remaining(limit, peak + amount))
  local raw = 'reserved|' .. amountText .. '|' .. amountText .. '|' .. atText .. '|' .. consumedText .. '|' .. remainingText
  redis.call('HSET', entriesKey, requestId, raw)
  redis.call('ZADD', timelineKey, atText, requestId)
  return { 'granted', raw, consumedText, remainingText }
end

-- The credit (see CREDIT_LUA).
local function credit(requestId, amountText)
  local existing = redis.call('HGET', entriesKey, requestId)
  if not existing then return { 'not-found' } end
  local entry = parse(existing)
  if entry.state == 'released' then return { 'illegal', existing } end
  if entry.state == 'credited' then
    if tonumber(entry.amount) == tonumber(amountText) then return { 'ok', existing } end
    return { 'conflict', existing }
  end
  local raw = 'credited|' .. entry.reserved .. '|' .. amountText .. '|' .. entry.at .. entry.tail
  redis.call('HSET', entriesKey, requestId, raw)
  return { 'ok', raw }
end
`;
}

const COMMON = capFunctions('KEYS[1]', 'KEYS[2]');

/**
 * ARGV: requestId, amountCents, atMs, limitCents, windowMs.
 * Returns {'granted', entry, consumedCents, remainingCents} | {'refused', '', consumedCents, remainingCents}
 *       | {'conflict', entry}. Consumed is the peak counted against a filing at atMs (with this amount when
 * granted), remaining what the limit leaves of it. A grant keeps its figures in the entry, so a repeat (a
 * command ioredis resends after a reconnect, a retried filing) answers exactly like the first one; the cap
 * check comes before the only writes.
 */
export const RESERVE_LUA = `${COMMON}
return reserve(ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]))
`;

/**
 * ARGV: requestId, amountCents. Returns {'ok', entry} | {'not-found'} | {'illegal', entry} | {'conflict', entry}.
 * The filing time stays: the window counts by filing time.
 */
export const CREDIT_LUA = `${COMMON}
return credit(ARGV[1], ARGV[2])
`;

/** ARGV: requestId. Returns {'ok', entry} | {'not-found'} | {'illegal', entry} (a credited entry stays counted). */
export const RELEASE_LUA = `${COMMON}
local requestId = ARGV[1]
local existing = redis.call('HGET', entriesKey, requestId)
if not existing then return { 'not-found' } end
local entry = parse(existing)
if entry.state == 'credited' then return { 'illegal', existing } end
if entry.state == 'released' then return { 'ok', existing } end
local raw = 'released|' .. entry.reserved .. '|' .. entry.amount .. '|' .. entry.at .. entry.tail
redis.call('HSET', entriesKey, requestId, raw)
return { 'ok', raw }
`;

/** ARGV: atMs, windowMs. Returns the consumed cents at `at` as a string (one consistent read of both keys). */
export const CONSUMED_LUA = `${COMMON}
local at, window = tonumber(ARGV[1]), tonumber(ARGV[2])
return fmt(windowSum(counted(at - window, at, true), at, window))
`;
