import type { Logger } from '../../log';
import { systemClock, type Clock } from '../../ports/clock';
import type { ProviderCallMetrics } from '../../ports/metrics';
import type { Provider } from '../../ports/provider';
import type { RequestStore } from '../../ports/requestStore';
import { AzureExchangeCatalog } from './catalog';
import { azureSettingsFromEnv, parseAzureSettings, type AzureSettings, type AzureSettingsInput } from './config';
import { createCredentialFactory, type CredentialFor } from './credentials';
import { AzureCreditFeed } from './creditFeed';
import { AzurePartnerDirectory } from './directory';
import { AzureServiceError } from './errors';
import { AzureHttpClient } from './http/client';
import { AzureReservationManagement } from './management';
import { PartnerCenterClient } from './partnerCenter';
import { ArmReservationsClient } from './reservationsArm';
import { AzureReservationSource, ReservationLocator } from './reservationSource';
import { loadRosterFile, RosterIndex } from '../roster';
import { AZURE_ENV } from './config';
import { AzureSupportDesk, SupportClient } from './support';
import { AzureSelfService } from './selfService';

export { AZURE_CONFIG_VARIABLES, AZURE_ENV, azureSettingsFromEnv, parseAzureSettings, type AzureSettings, type AzureSettingsInput } from './config';
export type { CredentialFor } from './credentials';
export * from './errors';
export { RESERVATIONS_API_VERSION } from './reservationsArm';
export { SUPPORT_API_VERSION } from './support';
export { ticketNameFor } from './ids';

/** What the azure provider needs from its surroundings; everything has a production default. */
export interface AzureProviderDeps {
  /** Token source per tenant; default: @azure/identity from the settings' secret or certificate. */
  credentialFor?: CredentialFor;
  fetch?: typeof fetch;
  /** Pause between retries and polls; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  clock?: Clock;
  logger?: Logger;
  /** The request store, for the credit poller (only `listFiled` is used). */
  filedRequests?: Pick<RequestStore, 'listFiled'>;
  /** Where the HTTP layer reports each call (metrics on); nothing by default. */
  metrics?: ProviderCallMetrics;
}

export interface AzureProvider extends Provider {
  readonly name: 'azure';
  readonly settings: AzureSettings;
}

/**
 * The real back end: Partner Center REST + Azure Resource Manager (reservations, catalog) + the Support API,
 * all through one HTTP layer. Refuses to start without its settings (AzureSettingsError names every missing
 * variable) or with an unusable roster.
 */
export function createAzureProvider(input: AzureSettingsInput, deps: AzureProviderDeps = {}): AzureProvider {
  const settings = parseAzureSettings(input);
  const roster = new RosterIndex(loadRosterFile(settings.rosterFile, AZURE_ENV.rosterFile), { playground: false });
  const clock = deps.clock ?? systemClock;
  const credentialFor = deps.credentialFor ?? createCredentialFactory(settings);
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const http = new AzureHttpClient(
    {
      fetch: deps.fetch ?? fetch,
      sleep,
      random: deps.random ?? Math.random,
      now: () => clock.now().getTime(),
      credentialFor,
      logger: deps.logger,
      metrics: deps.metrics,
    },
    settings.http,
    [settings.partnerCenterUrl, settings.armUrl, settings.graphUrl],
  );
  const polling = { sleep, now: () => clock.now().getTime(), pollIntervalMs: settings.http.pollIntervalMs, maxPolls: settings.http.maxPolls };

  const partnerCenter = new PartnerCenterClient(http, {
    baseUrl: settings.partnerCenterUrl,
    scope: settings.partnerCenterScope,
    partnerTenantId: settings.partnerTenantId,
    pageSize: settings.partnerCenterPageSize,
  });
  const arm = new ArmReservationsClient(http, { baseUrl: settings.armUrl, scope: settings.armScope, polling });
  const supportClient = new SupportClient(http, {
    baseUrl: settings.armUrl,
    scope: settings.armScope,
    partnerTenantId: settings.partnerTenantId,
    advancedDiagnosticConsent: settings.advancedDiagnosticConsent,
    polling,
    now: () => clock.now(),
  });

  const directory = new AzurePartnerDirectory(partnerCenter, roster, clock, settings.customerCacheTtlMs);
  const locator = new ReservationLocator(partnerCenter, arm, directory);
  const selfService = new AzureSelfService(locator, arm, http, { baseUrl: settings.armUrl, scope: settings.armScope, polling, logger: deps.logger });

  return {
    name: 'azure',
    settings,
    clock,
    directory,
    reservations: new AzureReservationSource(locator, arm, { portalUrl: settings.portalUrl, usdRates: settings.usdRates, logger: deps.logger }),
    management: new AzureReservationManagement(http, locator, {
      armUrl: settings.armUrl,
      armScope: settings.armScope,
      graphUrl: settings.graphUrl,
      graphScope: settings.graphScope,
      polling,
    }),
    catalog: new AzureExchangeCatalog(arm, locator, deps.logger, () => clock.now().getTime()),
    supportDesk: new AzureSupportDesk(supportClient, { advancedDiagnosticConsent: settings.advancedDiagnosticConsent, now: () => clock.now() }),
    credits: new AzureCreditFeed(supportClient, arm, {
      clock,
      filedRequests: deps.filedRequests,
      logger: deps.logger,
      exchangeProgress: (tenantId, operationId) => selfService.exchangeProgress(tenantId, operationId),
    }),
    selfService,
    health: async () => {
      try {
        await partnerCenter.probe();
        return { ok: true, detail: 'Partner Center answers' };
      } catch (error) {
        if (error instanceof AzureServiceError) return { ok: false, detail: error.code };
        throw error;
      }
    },
    close: async () => {
      directory.forgetCustomers();
    },
  };
}

/** `createAzureProvider` with settings read from the environment (AZURE_TENANT_ID, AZURE_CLIENT_ID, ...). */
export function createAzureProviderFromEnv(env: Record<string, string | undefined>, deps: AzureProviderDeps = {}): AzureProvider {
  return createAzureProvider(azureSettingsFromEnv(env), deps);
}
