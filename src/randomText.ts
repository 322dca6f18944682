import { randomBytes } from 'node:crypto';

/**
 * Unguessable ids (card ids, request keys, eTags) from CSPRNG bytes drawn a page at a time: a call into the CSPRNG
 * per id cost more than the id itself on every turn. Each byte is handed out once, so ids are as random as
 * `randomBytes(n)` would make them.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let at = 0;

/** `bytes` fresh random bytes as base64url text (16 bytes: 22 characters, 128 bits). */
export function randomText(bytes: number): string {
  if (bytes > POOL_SIZE) return randomBytes(bytes).toString('base64url');
  if (at + bytes > pool.length) {
    pool = randomBytes(POOL_SIZE);
    at = 0;
  }
  const text = pool.toString('base64url', at, at + bytes);
  at += bytes;
  return text;
}
