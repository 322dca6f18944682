import { randomBytes } from 'node:crypto';
import { Cluster } from 'ioredis';
import { giveBack, SequentialTurnStart, type TurnClaim, type TurnRead, type TurnStart, type TurnStartResult } from '../../ports/turnStart';
import { RedisBotStorage } from './botStorage';
import type { RedisIdempotencyStore } from './idempotency';
import { flatScript, type FlatScript } from './luaScript';
import type { ReadAhead } from '../../ports/turnStart';
import type { ReadAheadSource, ScriptRead } from './readAheadReads';

// KEYS: the claims, the state hashes, then the read-ahead keys. ARGV[1]: number of claims; then each claim's TTL (ms)
// and value; then the number of state hashes; then three per read-ahead: its kind and two arguments.
// Claims are taken in order and claiming stops at the first one lost (a later claim is never taken by a loser);
// only when all were won are the hashes read, after the claims, in the same atomic step, and then the read-aheads:
// `hash` HGETALL, `string` GET, `records-newest-first` ZREVRANGE 0 count-1 and MGET of the records (ARGV: count,
// record key prefix; the record keys are built here, which only a standalone Redis allows: Cluster never runs this).
// Returns { won } or { won, etag1, value1, ..., read-ahead replies } (false, i.e. nil, for a missing field or string).
const CLAIM_THEN_READ = 'reservationDeskClaimThenReadAhead';
const CLAIM_THEN_READ_SCRIPT = `
local claims = tonumber(ARGV[1])
for i = 1, claims do
  if not redis.call('SET', KEYS[i], ARGV[2 * i + 1], 'PX', ARGV[2 * i], 'NX') then return { i - 1 } end
end
local out = { claims }
local states = tonumber(ARGV[2 * claims + 2])
for i = claims + 1, claims + states do
  local fields = redis.call('HMGET', KEYS[i], 'etag', 'value')
  out[#out + 1] = fields[1]
  out[#out + 1] = fields[2]
end
local at = 2 * claims + 3
for i = claims + states + 1, #KEYS do
  local kind = ARGV[at]
  if kind == 'hash' then
    out[#out + 1] = redis.call('HGETALL', KEYS[i])
  elseif kind == 'string' then
    out[#out + 1] = redis.call('GET', KEYS[i])
  else
    local ids = redis.call('ZREVRANGE', KEYS[i], 0, tonumber(ARGV[at + 1]) - 1)
    local records = {}
    if #ids > 0 then
      local recordKeys = {}
      for j = 1, #ids do recordKeys[j] = ARGV[at + 2] .. ids[j] end
      records = redis.call('MGET', unpack(recordKeys))
    end
    out[#out + 1] = records
  end
  at = at + 3
end
return out
`;

// KEYS[1] a claim; ARGV[1] the value this turn claimed it with. Deletes it only when it is still that claim.
const GIVE_BACK = 'reservationDeskGiveBackClaim';
const GIVE_BACK_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Claim values: unique per process start and claim (a random draw per claim cost a syscall's worth of CPU). */
const PROCESS_NONCE = randomBytes(12).toString('base64url');
let claimCounter = 0;

/**
 * A turn's claims and state reads in one round trip: one script (EVALSHA after the first call on a connection).
 * Each claim carries a value of its own, so a claim given back after a failed call (a timeout: did it apply?) is
 * deleted only when it is this turn's. The script needs every key on one server, so on Redis Cluster (keys in
 * different slots), or when a read is not a RedisBotStorage on the same client, it falls back to claiming one by one
 * and reading afterwards.
 *
 * Read-ahead: the reads a click names (ReadAheadHints) are made by the same script after the state reads, by the
 * stores given here (the request store, the cap ledger; on this client only), and their replies put in the turn's
 * snapshot, where those stores find them when a step makes the same read. Nothing is read ahead on a Cluster (the
 * fallback ignores hints) or when a claim is lost.
 */
export class RedisTurnStart implements TurnStart {
  private readonly claimThenReadScript?: FlatScript;
  private readonly giveBackScript?: FlatScript;
  private readonly fallback: SequentialTurnStart;

  /** Stores whose reads a click can name, on this client (others are read by their steps as usual). */
  private readonly readAheadSources: ReadAheadSource[];

  constructor(
    private readonly idempotency: RedisIdempotencyStore,
    readAheadSources: ReadAheadSource[] = [],
  ) {
    this.fallback = new SequentialTurnStart(idempotency);
    this.readAheadSources = readAheadSources.filter((source) => source.redis === idempotency.redis);
    if (idempotency.redis instanceof Cluster) return;
    this.claimThenReadScript = defineScript(idempotency.redis, CLAIM_THEN_READ, CLAIM_THEN_READ_SCRIPT);
    this.giveBackScript = defineScript(idempotency.redis, GIVE_BACK, GIVE_BACK_SCRIPT);
  }

  async claimThenRead(claims: TurnClaim[], reads: TurnRead[], readAhead?: ReadAhead): Promise<TurnStartResult> {
    const storages: RedisBotStorage[] = [];
    for (const read of reads) {
      if (!(read.storage instanceof RedisBotStorage) || read.storage.redis !== this.idempotency.redis) break;
      storages.push(read.storage);
    }
    if (!this.claimThenReadScript || !this.giveBackScript || storages.length < reads.length) return this.fallback.claimThenRead(claims, reads);
    const snapshot = readAhead?.snapshot;
    const scriptReads: ScriptRead[] = readAhead ? this.readAheadSources.flatMap((source) => source.readAheadFor(readAhead.hints)) : [];
    // A store write in this process from now on drops what these reads return.
    if (scriptReads.length > 0) snapshot!.beginReads();
    // The script's keys (claims, state hashes, read-aheads) and arguments, laid out as its header comment says.
    const claimKeys: string[] = [];
    const values: string[] = [];
    const args: string[] = [String(claims.length + reads.length + scriptReads.length)];
    for (const claim of claims) {
      const key = this.idempotency.redisKeyOf(claim.key, claim.ttlMs);
      claimKeys.push(key);
      args.push(key);
      values.push(`${PROCESS_NONCE}.${(claimCounter += 1)}`);
    }
    for (let i = 0; i < reads.length; i++) args.push(storages[i].redisKeyOf(reads[i].key));
    for (const read of scriptReads) args.push(read.key);
    args.push(String(claims.length));
    for (let i = 0; i < claims.length; i++) args.push(String(claims[i].ttlMs), values[i]);
    args.push(String(reads.length));
    for (const read of scriptReads) {
      if (read.op === 'records-newest-first') args.push(read.op, String(read.count), read.recordPrefix);
      else args.push(read.op, '', '');
    }
    let reply: Array<string | number | null | Array<string | null>>;
    try {
      reply = (await this.claimThenReadScript(args)) as typeof reply;
    } catch (err) {
      const giveBackScript = this.giveBackScript;
      await giveBack(
        err,
        claims.flatMap((claim, i) => (claim.giveBackOnFailure ? [giveBackScript(['1', claimKeys[i], values[i]])] : [])),
      );
      throw err;
    }
    const won = Number(reply[0]);
    if (won < claims.length) return { won };
    const aheadAt = 1 + 2 * reads.length;
    for (let i = 0; i < scriptReads.length; i++) snapshot!.put(scriptReads[i].read, replyOf(scriptReads[i], reply[aheadAt + i]));
    const items: TurnStartResult['items'] = [];
    for (let i = 0; i < reads.length; i++) items.push(storages[i].itemOf(reply[1 + 2 * i] as string | null, reply[2 + 2 * i] as string | null));
    return { won, items };
  }
}

/** A read-ahead's reply in the form the store's own command gives it (HGETALL as an object, as ioredis returns it). */
function replyOf(read: ScriptRead, reply: unknown): unknown {
  if (read.op !== 'hash') return reply ?? null;
  const fields = reply as string[];
  const hash: Record<string, string> = {};
  for (let i = 0; i < fields.length; i += 2) hash[fields[i]] = fields[i + 1];
  return hash;
}

/** ioredis defineCommand without a fixed key count: each call gives its count first, as EVALSHA takes it. */
function defineScript(redis: RedisIdempotencyStore['redis'], name: string, lua: string): FlatScript {
  if (!(name in redis)) redis.defineCommand(name, { lua });
  return flatScript(redis, name);
}
