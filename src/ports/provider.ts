import type { ExchangeCatalog } from './catalog';
import type { Clock } from './clock';
import type { CreditFeed } from './credits';
import type { PartnerDirectory } from './partnerDirectory';
import type { ReservationManagement } from './reservationManagement';
import type { ReservationSource } from './reservations';
import type { SelfServiceDesk } from './selfService';
import type { SupportDesk } from './supportDesk';

/** One partner back end: the sandbox tenant or the real Partner Center + Azure. */
export interface Provider {
  readonly name: 'sandbox' | 'azure';
  readonly clock: Clock;
  readonly directory: PartnerDirectory;
  readonly reservations: ReservationSource;
  /** Scope, renewal, name and access of a reservation (SPEC section 8). */
  readonly management: ReservationManagement;
  readonly catalog: ExchangeCatalog;
  readonly supportDesk: SupportDesk;
  readonly credits: CreditFeed;
  /** Azure's own returns, where the provider can make them (its credit feed then reports their credits too). */
  readonly selfService?: SelfServiceDesk;
  /** Cheap reachability probe for /healthz. */
  health(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}
