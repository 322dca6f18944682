import { createHash } from 'node:crypto';

/**
 * Ids that look like Azure's but are the same on every run: derived from a readable seed, never random,
 * so a demo script, a doc or a test can name "the fresh D4s reservation" and always get the same GUID.
 */
function digest(seed: string): Buffer {
  return createHash('sha256').update(`reservation-desk-sandbox/${seed}`).digest();
}

/** A version-4-shaped GUID derived from `seed`. */
export function stableGuid(seed: string): string {
  const bytes = Buffer.from(digest(seed).subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** `digits` decimal digits derived from `seed` (leading zeros kept). */
export function stableDigits(seed: string, digits: number): string {
  const value = BigInt(`0x${digest(seed).toString('hex')}`) % 10n ** BigInt(digits);
  return value.toString().padStart(digits, '0');
}
