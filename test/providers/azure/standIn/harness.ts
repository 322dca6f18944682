import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenCredential } from '@azure/identity';
import type { Logger } from '../../../../src/log';
import type { Clock } from '../../../../src/ports/clock';
import type { ProviderCallMetrics } from '../../../../src/ports/metrics';
import type { RequestStore } from '../../../../src/ports/requestStore';
import type { TicketRequest } from '../../../../src/ports/supportDesk';
import { createAzureProvider, type AzureProvider, type AzureSettingsInput } from '../../../../src/providers/azure';
import { AzureWorld, encodeFakeToken } from './azureWorld';
import { PARTNER_TENANT, seedWorld } from './seed';
import { StandInServer } from './server';

/**
 * One stand-in Microsoft plus an azure provider pointed at it, with a fake credential (tokens name their tenant
 * and scope), a sleep that records the pause instead of waiting, and fixed jitter. Everything is created fresh
 * per test and torn down by `dispose`.
 */
export const TEAMS_IDENTITY = { channel: 'teams' as const, tenant: PARTNER_TENANT, user: '6e9ffb03-7d1b-4dc2-a550-0ce56d837065' };
export const SLACK_IDENTITY = { channel: 'slack' as const, tenant: 'T07NBEAM01', user: 'U07AVALIND' };

export interface Harness {
  standIn: StandInServer;
  world: AzureWorld;
  provider: AzureProvider;
  /** Pauses the provider asked for, in order (ms). */
  sleeps: number[];
  /** Tokens the provider asked for. */
  tokenRequests: Array<{ tenant: string; scope: string }>;
  logs: Array<Record<string, unknown>>;
  rosterFile: string;
  dispose(): Promise<void>;
}

export interface HarnessOptions {
  settings?: Partial<AzureSettingsInput>;
  tuning?: AzureSettingsInput['tuning'];
  filedRequests?: Pick<RequestStore, 'listFiled'>;
  clock?: Clock;
  /** Make the credential fail for these tenants. */
  failingTenants?: string[];
  metrics?: ProviderCallMetrics;
}

export function rosterJson(): Record<string, unknown> {
  return {
    partner: { name: 'Northbeam Cloud Partners', tenantId: PARTNER_TENANT, domain: 'northbeamcloud.onmicrosoft.com' },
    users: [
      {
        id: 'ava.lindqvist',
        displayName: 'Ava Lindqvist',
        email: 'ava.lindqvist@northbeamcloud.onmicrosoft.com',
        roles: ['Admin agent'],
        teams: { tenantId: TEAMS_IDENTITY.tenant, aadObjectId: TEAMS_IDENTITY.user },
        slack: { teamId: SLACK_IDENTITY.tenant, userId: SLACK_IDENTITY.user },
      },
      { id: 'bob.billing', displayName: 'Bob Billing', roles: ['Billing admin'], slack: { teamId: 'T07NBEAM01', userId: 'U07BOBBILL' } },
    ],
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const world = new AzureWorld(seedWorld());
  const standIn = await StandInServer.start(world.handle);
  const dir = mkdtempSync(join(tmpdir(), 'azure-provider-'));
  const rosterFile = join(dir, 'roster.json');
  writeFileSync(rosterFile, JSON.stringify(rosterJson()));
  const sleeps: number[] = [];
  const tokenRequests: Array<{ tenant: string; scope: string }> = [];
  const logs: Array<Record<string, unknown>> = [];
  const record = (fields: Record<string, unknown>) => logs.push(fields);
  const logger = { warn: record, info: record, error: record, debug: record } as unknown as Logger;

  const credentialFor = (tenant: string): TokenCredential => ({
    getToken: async (scopes) => {
      const scope = Array.isArray(scopes) ? scopes[0] : scopes;
      tokenRequests.push({ tenant, scope });
      if (options.failingTenants?.includes(tenant))
        throw Object.assign(new Error('AADSTS7000215: Invalid client secret provided.'), { name: 'AuthenticationError' });
      return { token: encodeFakeToken({ tenant, scope }), expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  });

  const provider = createAzureProvider(
    {
      partnerTenantId: PARTNER_TENANT,
      clientId: '11111111-2222-4333-8444-555555555555',
      clientSecret: 'not-a-real-secret',
      partnerCenterUrl: standIn.url,
      armUrl: standIn.url,
      graphUrl: standIn.url,
      rosterFile,
      usdRates: 'JPY=0.0067,EUR=1.08',
      ...options.settings,
      tuning: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 5_000, timeoutMs: 2_000, partnerCenterPageSize: 2, ...options.tuning },
    },
    {
      credentialFor,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      logger,
      filedRequests: options.filedRequests,
      clock: options.clock,
      metrics: options.metrics,
    },
  );

  return {
    standIn,
    world,
    provider,
    sleeps,
    tokenRequests,
    logs,
    rosterFile,
    dispose: async () => {
      await provider.close();
      await standIn.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What the bot's filing service does, in short: record the request (state `filing`), file the ticket, move the
 * request to `filed` with the ticket id. The credit tests and the contract fixture use it.
 */
export async function recordAndFile(
  store: RequestStore,
  provider: AzureProvider,
  ticket: TicketRequest,
  about: {
    kind: 'refund' | 'exchange';
    reservationId: string;
    reservationOrderId: string;
    customerName: string;
    amount: string;
    currency: string;
    quantity?: number;
  },
  at = new Date('2026-03-10T12:00:00Z'),
): Promise<{ requestId: string; ticketId: string }> {
  const quote =
    about.kind === 'refund'
      ? {
          kind: 'refund' as const,
          policy: 'csp-2020' as const,
          eligible: true,
          reasons: [],
          currency: about.currency,
          daysSincePurchase: 9,
          termDays: 365,
          usedDays: 10,
          credit: about.amount,
          refund: about.amount,
        }
      : {
          kind: 'exchange' as const,
          policy: 'csp-2020' as const,
          eligible: true,
          reasons: [],
          currency: about.currency,
          daysSincePurchase: 9,
          termDays: 365,
          usedDays: 10,
          credit: about.amount,
        };
  const { record } = await store.create(
    {
      key: ticket.requestKey,
      kind: about.kind,
      customerId: ticket.customerId,
      customerName: about.customerName,
      customerTenantId: ticket.customerTenantId,
      reservationId: about.reservationId,
      reservationOrderId: about.reservationOrderId,
      quote,
      capUsd: '0.00',
      agent: { partnerUserId: 'ava.lindqvist', chatUserId: `teams:${TEAMS_IDENTITY.tenant}:${TEAMS_IDENTITY.user}` },
      origin: { channel: 'teams', conversation: { id: 'conv-1' } },
      details: about.quantity === undefined ? {} : { quantity: about.quantity },
    },
    at,
  );
  const filed = await provider.supportDesk.fileTicket(ticket);
  await store.transition(record.id, 'filed', { ticketId: filed.ticketId }, at);
  return { requestId: record.id, ticketId: filed.ticketId };
}
