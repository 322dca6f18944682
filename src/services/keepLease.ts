import type { Logger } from '../log';
import type { Lease } from '../ports/leases';

/**
 * Keeps a lease while its holder works, renewing it every third of its TTL: a live holder never loses it to a
 * slow call (a support desk retrying for minutes), and a dead one's ends within the TTL. Returns the stop.
 */
export function keepLease(lease: Lease, ttlMs: number, log: Logger, what: Record<string, unknown>): () => void {
  const timer = setInterval(
    () => {
      lease.renew().then(
        (kept) => kept || log.error(what, 'lease lost while its holder was still working'),
        (err: unknown) => log.warn({ ...what, err: err instanceof Error ? err.message : String(err) }, 'lease not renewed'),
      );
    },
    Math.max(1, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
