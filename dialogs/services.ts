import type { PolicyName } from '../src/domain/types';
import type { Logger } from '../src/log';
import type { AuditTrail } from '../src/ports/audit';
import type { CapLedger } from '../src/ports/capLedger';
import type { Clock } from '../src/ports/clock';
import type { IdempotencyStore } from '../src/ports/idempotency';
import type { Provider } from '../src/ports/provider';
import type { RequestStore } from '../src/ports/requestStore';
import type { SubscriptionStore } from '../src/ports/subscriptions';
import type { FilingService } from '../src/services/filing';
import type { ExportLinks } from '../src/services/exportLinks';

/** What the dialogs may use: ports and services only, never a channel. */
export interface DeskServices {
  provider: Provider;
  requests: RequestStore;
  /** Which conversations hear about which topics (SPEC section 9). */
  subscriptions: SubscriptionStore;
  capLedger: CapLedger;
  audit: AuditTrail;
  /** Dedupe of redelivered activities. */
  idempotency: IdempotencyStore;
  filing: FilingService;
  /** `/requests export`: short-lived links to the finance export. */
  exportLinks: ExportLinks;
  policy: PolicyName;
  /** Real time, for idle timeouts (the sandbox's business clock may stand still). */
  wallClock: Clock;
  flowTimeoutMs: number;
  log: Logger;
}
