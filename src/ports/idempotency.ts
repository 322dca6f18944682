/** Dedupe of platform retries and repeated clicks: the first claim of a key wins until its TTL ends. */
export interface IdempotencyStore {
  /** True for the first claim of `key` within `ttlMs`, false for every repeat. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /** Frees a claim before its TTL ends (a lock whose holder is done); unknown keys are fine. */
  release(key: string): Promise<void>;
}
