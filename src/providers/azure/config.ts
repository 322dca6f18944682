import { z } from 'zod';
import { CURRENCY_CODE, Decimal, parseDecimalString } from '../../domain/money';
import { AzureSettingsError } from './errors';

/**
 * The azure provider's settings: which tenant and app registration to authenticate as, where the three APIs
 * live (overridable so tests can point at a local stand-in), and the HTTP layer's limits.
 * `azureSettingsFromEnv` maps environment variables to raw input; `parseAzureSettings` validates it and
 * names every missing or bad variable at once.
 */
export interface AzureSettings {
  /** The partner's Microsoft Entra tenant: authority for Partner Center calls. */
  partnerTenantId: string;
  clientId: string;
  credential: { kind: 'secret'; clientSecret: string } | { kind: 'certificate'; certificatePath: string };
  authorityHost?: string;
  partnerCenterUrl: string;
  armUrl: string;
  partnerCenterScope: string;
  armScope: string;
  /** Microsoft Graph: looking up users of a customer's tenant for access grants. */
  graphUrl: string;
  graphScope: string;
  portalUrl: string;
  /** JSON file mapping chat identities to partner users and their roles. */
  rosterFile: string;
  /** USD per unit of a billing currency, used when Azure's own payment records do not show a rate. */
  usdRates: ReadonlyMap<string, Decimal>;
  /** `Yes` or `No`: the Support API's advancedDiagnosticConsent (a billing request needs no diagnostics). */
  advancedDiagnosticConsent: 'Yes' | 'No';
  http: {
    timeoutMs: number;
    maxAttempts: number;
    baseDelayMs: number;
    /** Longest pause between attempts; a Retry-After beyond it fails at once rather than keep an agent waiting. */
    maxDelayMs: number;
    pollIntervalMs: number;
    maxPolls: number;
  };
  customerCacheTtlMs: number;
  partnerCenterPageSize: number;
}

/** Setting → environment variable; error messages always use the variable's name. */
export const AZURE_ENV = {
  partnerTenantId: 'AZURE_TENANT_ID',
  clientId: 'AZURE_CLIENT_ID',
  clientSecret: 'AZURE_CLIENT_SECRET',
  clientCertificatePath: 'AZURE_CLIENT_CERTIFICATE_PATH',
  authorityHost: 'AZURE_AUTHORITY_HOST',
  partnerCenterUrl: 'PARTNER_CENTER_URL',
  armUrl: 'ARM_URL',
  partnerCenterScope: 'PARTNER_CENTER_SCOPE',
  armScope: 'ARM_SCOPE',
  graphUrl: 'GRAPH_URL',
  graphScope: 'GRAPH_SCOPE',
  portalUrl: 'AZURE_PORTAL_URL',
  rosterFile: 'AZURE_ROSTER_FILE',
  usdRates: 'AZURE_USD_RATES',
  advancedDiagnosticConsent: 'AZURE_SUPPORT_DIAGNOSTIC_CONSENT',
  timeoutMs: 'AZURE_HTTP_TIMEOUT_MS',
  maxAttempts: 'AZURE_HTTP_MAX_ATTEMPTS',
} as const;

type EnvKey = keyof typeof AZURE_ENV;

/** Raw settings: strings from the environment, or typed values from code (tests). */
export type AzureSettingsInput = Partial<Record<EnvKey, string | undefined>> & {
  /** Code-only tuning (not read from the environment). */
  tuning?: Partial<Omit<AzureSettings['http'], 'timeoutMs' | 'maxAttempts'>> & {
    timeoutMs?: number;
    maxAttempts?: number;
    customerCacheTtlMs?: number;
    partnerCenterPageSize?: number;
  };
};

/** The variables the azure provider reads, with meaning and default (for the README's configuration table). */
export const AZURE_CONFIG_VARIABLES: ReadonlyArray<{ name: string; meaning: string; default: string }> = [
  { name: 'AZURE_TENANT_ID', meaning: 'partner tenant id (authority for Partner Center)', default: 'required for PROVIDER=azure' },
  { name: 'AZURE_CLIENT_ID', meaning: 'app registration (client) id', default: 'required for PROVIDER=azure' },
  { name: 'AZURE_CLIENT_SECRET', meaning: 'client secret (or use AZURE_CLIENT_CERTIFICATE_PATH)', default: 'one of the two is required' },
  { name: 'AZURE_CLIENT_CERTIFICATE_PATH', meaning: 'PEM file with certificate and private key', default: 'one of the two is required' },
  { name: 'AZURE_AUTHORITY_HOST', meaning: 'Microsoft Entra authority host', default: 'https://login.microsoftonline.com' },
  { name: 'AZURE_ROSTER_FILE', meaning: 'JSON roster: chat identities → partner users and roles', default: 'required for PROVIDER=azure' },
  { name: 'PARTNER_CENTER_URL', meaning: 'Partner Center REST base URL', default: 'https://api.partnercenter.microsoft.com' },
  { name: 'ARM_URL', meaning: 'Azure Resource Manager base URL', default: 'https://management.azure.com' },
  { name: 'PARTNER_CENTER_SCOPE', meaning: 'token scope for Partner Center', default: 'https://api.partnercenter.microsoft.com/.default' },
  { name: 'ARM_SCOPE', meaning: 'token scope for Azure Resource Manager', default: 'https://management.azure.com/.default' },
  { name: 'GRAPH_URL', meaning: 'Microsoft Graph base URL (users of a customer tenant, for /access)', default: 'https://graph.microsoft.com' },
  { name: 'GRAPH_SCOPE', meaning: 'token scope for Microsoft Graph', default: 'https://graph.microsoft.com/.default' },
  { name: 'AZURE_PORTAL_URL', meaning: 'Azure portal base for reservation links', default: 'https://portal.azure.com' },
  { name: 'AZURE_USD_RATES', meaning: 'fallback USD rates, e.g. `EUR=1.08,GBP=1.27`', default: 'only rates Azure shows' },
  { name: 'AZURE_SUPPORT_DIAGNOSTIC_CONSENT', meaning: '`Yes` or `No`: advancedDiagnosticConsent on tickets', default: 'No' },
  { name: 'AZURE_HTTP_TIMEOUT_MS', meaning: 'per-attempt timeout of every Azure/Partner Center call', default: '30000' },
  { name: 'AZURE_HTTP_MAX_ATTEMPTS', meaning: 'attempts per call for 429/5xx/timeouts', default: '4' },
];

/** Picks the azure provider's variables out of an environment (nothing is validated here). */
export function azureSettingsFromEnv(env: Record<string, string | undefined>): AzureSettingsInput {
  const input: AzureSettingsInput = {};
  for (const [key, name] of Object.entries(AZURE_ENV) as Array<[EnvKey, string]>) {
    const value = env[name]?.trim();
    if (value) input[key] = value;
  }
  return input;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** https everywhere; plain http only for a loopback stand-in, so bearer tokens never cross a network unencrypted. */
function baseUrl(name: string, fallback: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      const text = (value ?? fallback).replace(/\/+$/, '');
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} is not a valid URL` });
        return z.NEVER;
      }
      const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
      if (!secure) {
        ctx.addIssue({ code: 'custom', message: `${name} must use https:// (plain http only for 127.0.0.1/localhost)` });
        return z.NEVER;
      }
      if (url.search || url.hash) {
        ctx.addIssue({ code: 'custom', message: `${name} must not carry a query or fragment` });
        return z.NEVER;
      }
      return text;
    });
}

const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/;

function parseUsdRates(text: string | undefined): { rates: Map<string, Decimal>; problem?: string } {
  const rates = new Map<string, Decimal>();
  if (!text) return { rates };
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [currency, rate] = part.split('=').map((p) => p?.trim());
    const value = parseDecimalString(rate, 12);
    if (!currency || !CURRENCY_CODE.test(currency) || !value || value.isZero()) {
      return { rates, problem: `AZURE_USD_RATES has a bad entry "${part}": use CUR=rate pairs, e.g. EUR=1.08,GBP=1.27` };
    }
    rates.set(currency, value);
  }
  return { rates };
}

function positiveInt(name: string, fallback: number, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
        ctx.addIssue({ code: 'custom', message: `${name}=${JSON.stringify(value)} is not allowed: use a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return Number(value);
    });
}

const schema = z.object({
  partnerTenantId: z.string().regex(TENANT, `${AZURE_ENV.partnerTenantId} is not a tenant id or domain`).optional(),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  clientCertificatePath: z.string().min(1).optional(),
  authorityHost: baseUrl(AZURE_ENV.authorityHost, 'https://login.microsoftonline.com'),
  partnerCenterUrl: baseUrl(AZURE_ENV.partnerCenterUrl, 'https://api.partnercenter.microsoft.com'),
  armUrl: baseUrl(AZURE_ENV.armUrl, 'https://management.azure.com'),
  partnerCenterScope: z.string().min(1).optional(),
  armScope: z.string().min(1).optional(),
  graphUrl: baseUrl(AZURE_ENV.graphUrl, 'https://graph.microsoft.com'),
  graphScope: z.string().min(1).optional(),
  portalUrl: baseUrl(AZURE_ENV.portalUrl, 'https://portal.azure.com'),
  rosterFile: z.string().min(1).optional(),
  usdRates: z.string().optional(),
  advancedDiagnosticConsent: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return 'No' as const;
      const match = (['Yes', 'No'] as const).find((v) => v.toLowerCase() === value.toLowerCase());
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `${AZURE_ENV.advancedDiagnosticConsent} must be Yes or No` });
        return z.NEVER;
      }
      return match;
    }),
  timeoutMs: positiveInt(AZURE_ENV.timeoutMs, 30_000, 1, 600_000),
  maxAttempts: positiveInt(AZURE_ENV.maxAttempts, 4, 1, 10),
});

/** Validates raw settings; throws AzureSettingsError naming every missing or invalid variable. */
export function parseAzureSettings(input: AzureSettingsInput): AzureSettings {
  const { tuning = {}, ...raw } = input ?? {};
  const stringsOnly = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === undefined ? undefined : String(v)]));
  const parsed = schema.safeParse(stringsOnly);
  const invalid: string[] = parsed.success ? [] : parsed.error.issues.map((issue) => issueText(issue));
  const values = parsed.success ? parsed.data : undefined;

  const missing: string[] = [];
  const present = (key: EnvKey) => typeof stringsOnly[key] === 'string' && stringsOnly[key] !== '';
  for (const key of ['partnerTenantId', 'clientId'] as const) if (!present(key)) missing.push(AZURE_ENV[key]);
  if (!present('clientSecret') && !present('clientCertificatePath')) {
    missing.push(`${AZURE_ENV.clientSecret} or ${AZURE_ENV.clientCertificatePath}`);
  } else if (present('clientSecret') && present('clientCertificatePath')) {
    invalid.push(`${AZURE_ENV.clientSecret} and ${AZURE_ENV.clientCertificatePath} are both set: set only one`);
  }
  if (!present('rosterFile')) missing.push(AZURE_ENV.rosterFile);
  const rates = parseUsdRates(stringsOnly.usdRates);
  if (rates.problem) invalid.push(rates.problem);

  if (missing.length > 0 || invalid.length > 0 || !values) throw new AzureSettingsError(missing, dedupe(invalid));

  return {
    partnerTenantId: values.partnerTenantId as string,
    clientId: values.clientId as string,
    credential: values.clientSecret
      ? { kind: 'secret', clientSecret: values.clientSecret }
      : { kind: 'certificate', certificatePath: values.clientCertificatePath as string },
    authorityHost: stringsOnly.authorityHost ? values.authorityHost : undefined,
    partnerCenterUrl: values.partnerCenterUrl,
    armUrl: values.armUrl,
    partnerCenterScope: values.partnerCenterScope ?? 'https://api.partnercenter.microsoft.com/.default',
    armScope: values.armScope ?? 'https://management.azure.com/.default',
    graphUrl: values.graphUrl,
    graphScope: values.graphScope ?? 'https://graph.microsoft.com/.default',
    portalUrl: values.portalUrl,
    rosterFile: values.rosterFile as string,
    usdRates: rates.rates,
    advancedDiagnosticConsent: values.advancedDiagnosticConsent,
    http: {
      timeoutMs: tuning.timeoutMs ?? values.timeoutMs,
      maxAttempts: tuning.maxAttempts ?? values.maxAttempts,
      baseDelayMs: tuning.baseDelayMs ?? 500,
      maxDelayMs: tuning.maxDelayMs ?? 30_000,
      pollIntervalMs: tuning.pollIntervalMs ?? 2_000,
      maxPolls: tuning.maxPolls ?? 60,
    },
    customerCacheTtlMs: tuning.customerCacheTtlMs ?? 5 * 60_000,
    partnerCenterPageSize: tuning.partnerCenterPageSize ?? 100,
  };
}

function issueText(issue: z.core.$ZodIssue): string {
  const key = issue.path[0] as EnvKey | undefined;
  const name = key ? AZURE_ENV[key] : 'azure settings';
  return issue.code === 'custom' || issue.message.includes(name) ? issue.message : `${name} is not valid: ${issue.message}`;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}
