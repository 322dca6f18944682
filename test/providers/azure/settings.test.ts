import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { ConfigError } from '../../../src/errors';
import { createCredentialFactory } from '../../../src/providers/azure/credentials';
import {
  AZURE_CONFIG_VARIABLES,
  AZURE_ENV,
  AzureSettingsError,
  azureSettingsFromEnv,
  createAzureProvider,
  createAzureProviderFromEnv,
  parseAzureSettings,
} from '../../../src/providers/azure';
import { rosterJson } from './standIn/harness';

const COMPLETE = {
  AZURE_TENANT_ID: 'c0ffee00-0000-4000-8000-000000000001',
  AZURE_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
  AZURE_CLIENT_SECRET: 's3cret',
  AZURE_ROSTER_FILE: '/etc/reservation-desk/roster.json',
};

function settingsError(run: () => unknown): AzureSettingsError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof AzureSettingsError, `expected AzureSettingsError, got ${String(error)}`);
    assert.ok(error instanceof ConfigError, 'it is a ConfigError, as the central configuration raises');
    assert.equal(error.code, 'config');
    return error;
  }
  assert.fail('expected the settings to be refused');
}

describe('azure provider: settings', () => {
  it('refuses to start without settings, naming every missing variable', () => {
    const error = settingsError(() => createAzureProvider({}));
    assert.deepEqual(error.missing, ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_ROSTER_FILE']);
    for (const name of error.missing) assert.ok(error.message.includes(name), `the message names ${name}`);
    assert.equal(error.variable, 'AZURE_TENANT_ID');
  });

  it('names only what is missing', () => {
    const error = settingsError(() => createAzureProviderFromEnv({ AZURE_TENANT_ID: COMPLETE.AZURE_TENANT_ID, AZURE_CLIENT_SECRET: 'x' }));
    assert.deepEqual(error.missing, ['AZURE_CLIENT_ID', 'AZURE_ROSTER_FILE']);
  });

  it('maps the environment and fills the defaults', () => {
    const settings = parseAzureSettings(azureSettingsFromEnv({ ...COMPLETE, UNRELATED: 'x' }));
    assert.equal(settings.partnerTenantId, COMPLETE.AZURE_TENANT_ID);
    assert.equal(settings.clientId, COMPLETE.AZURE_CLIENT_ID);
    assert.deepEqual(settings.credential, { kind: 'secret', clientSecret: 's3cret' });
    assert.equal(settings.partnerCenterUrl, 'https://api.partnercenter.microsoft.com');
    assert.equal(settings.armUrl, 'https://management.azure.com');
    assert.equal(settings.partnerCenterScope, 'https://api.partnercenter.microsoft.com/.default');
    assert.equal(settings.armScope, 'https://management.azure.com/.default');
    assert.equal(settings.portalUrl, 'https://portal.azure.com');
    assert.equal(settings.advancedDiagnosticConsent, 'No');
    assert.deepEqual(settings.http, { timeoutMs: 30_000, maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000, pollIntervalMs: 2_000, maxPolls: 60 });
    assert.equal(settings.usdRates.size, 0);
  });

  it('reads a certificate instead of a secret, and the optional variables', () => {
    const settings = parseAzureSettings(
      azureSettingsFromEnv({
        ...COMPLETE,
        AZURE_CLIENT_SECRET: undefined,
        AZURE_CLIENT_CERTIFICATE_PATH: '/run/secrets/app.pem',
        PARTNER_CENTER_URL: 'http://127.0.0.1:4010/',
        ARM_URL: 'https://management.usgovcloudapi.net',
        AZURE_USD_RATES: 'EUR=1.08, GBP=1.27',
        AZURE_HTTP_TIMEOUT_MS: '5000',
        AZURE_HTTP_MAX_ATTEMPTS: '2',
        AZURE_SUPPORT_DIAGNOSTIC_CONSENT: 'yes',
      }),
    );
    assert.deepEqual(settings.credential, { kind: 'certificate', certificatePath: '/run/secrets/app.pem' });
    assert.equal(settings.partnerCenterUrl, 'http://127.0.0.1:4010', 'a trailing slash is dropped; http is fine on loopback');
    assert.equal(settings.armUrl, 'https://management.usgovcloudapi.net');
    assert.deepEqual(
      [...settings.usdRates].map(([c, r]) => `${c}=${r.toFixed()}`),
      ['EUR=1.08', 'GBP=1.27'],
    );
    assert.equal(settings.http.timeoutMs, 5000);
    assert.equal(settings.http.maxAttempts, 2);
    assert.equal(settings.advancedDiagnosticConsent, 'Yes');
  });

  it('names every invalid value at once', () => {
    const error = settingsError(() =>
      parseAzureSettings(
        azureSettingsFromEnv({
          ...COMPLETE,
          AZURE_CLIENT_CERTIFICATE_PATH: '/also.pem',
          ARM_URL: 'http://management.example.com',
          PARTNER_CENTER_URL: 'not a url',
          AZURE_USD_RATES: 'EUR=abc',
          AZURE_HTTP_MAX_ATTEMPTS: '0',
          AZURE_SUPPORT_DIAGNOSTIC_CONSENT: 'maybe',
          AZURE_TENANT_ID: 'bad tenant!',
        }),
      ),
    );
    assert.deepEqual(error.missing, []);
    const text = error.message;
    for (const expected of [
      'ARM_URL must use https://',
      'PARTNER_CENTER_URL is not a valid URL',
      'AZURE_USD_RATES has a bad entry "EUR=abc"',
      'AZURE_HTTP_MAX_ATTEMPTS="0" is not allowed',
      'AZURE_SUPPORT_DIAGNOSTIC_CONSENT must be Yes or No',
      'AZURE_TENANT_ID is not a tenant id or domain',
      'AZURE_CLIENT_SECRET and AZURE_CLIENT_CERTIFICATE_PATH are both set',
    ]) {
      assert.ok(text.includes(expected), `the message says: ${expected}\n${text}`);
    }
  });

  it('lists every variable it reads in AZURE_CONFIG_VARIABLES (for the README)', () => {
    const documented = new Set(AZURE_CONFIG_VARIABLES.map((v) => v.name));
    for (const name of Object.values(AZURE_ENV)) assert.ok(documented.has(name), `${name} is documented`);
  });

  describe('the roster', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'azure-roster-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const start = (rosterFile: string) =>
      createAzureProvider(
        { partnerTenantId: COMPLETE.AZURE_TENANT_ID, clientId: COMPLETE.AZURE_CLIENT_ID, clientSecret: 'x', rosterFile },
        { credentialFor: () => ({ getToken: async () => null }) },
      );

    it('refuses to start with a roster it cannot read or that is ambiguous, naming AZURE_ROSTER_FILE', () => {
      assert.throws(
        () => start(join(dir, 'missing.json')),
        (e: unknown) => e instanceof ConfigError && e.variable === 'AZURE_ROSTER_FILE' && /ENOENT/.test(e.message),
      );
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ "users": [');
      assert.throws(() => start(broken), /not valid JSON/);
      const twice = join(dir, 'twice.json');
      const roster = rosterJson() as { users: Array<Record<string, unknown>> };
      writeFileSync(twice, JSON.stringify({ ...roster, users: [...roster.users, { ...roster.users[0], id: 'someone.else' }] }));
      assert.throws(() => start(twice), /has a chat identity another user already has/);
    });

    it('starts with a good roster, building @azure/identity credentials lazily, one per tenant (no network at start)', () => {
      const good = join(dir, 'roster.json');
      writeFileSync(good, JSON.stringify(rosterJson()));
      assert.equal(start(good).name, 'azure');
      const settings = parseAzureSettings({
        partnerTenantId: COMPLETE.AZURE_TENANT_ID,
        clientId: COMPLETE.AZURE_CLIENT_ID,
        clientSecret: 'x',
        rosterFile: good,
      });
      assert.equal(
        createAzureProvider({ partnerTenantId: COMPLETE.AZURE_TENANT_ID, clientId: COMPLETE.AZURE_CLIENT_ID, clientSecret: 'x', rosterFile: good }).name,
        'azure',
      );
      const credentialFor = createCredentialFactory(settings);
      const partner = credentialFor(COMPLETE.AZURE_TENANT_ID);
      assert.ok(partner instanceof ClientSecretCredential);
      assert.equal(credentialFor(COMPLETE.AZURE_TENANT_ID.toUpperCase()), partner, 'one credential per tenant');
      assert.notEqual(credentialFor('d1000000-0000-4000-8000-000000000001'), partner);
    });

    it('checks that the certificate file exists when it builds the real credential', () => {
      const good = join(dir, 'roster.json');
      writeFileSync(good, JSON.stringify(rosterJson()));
      assert.throws(
        () =>
          createAzureProvider({
            partnerTenantId: COMPLETE.AZURE_TENANT_ID,
            clientId: COMPLETE.AZURE_CLIENT_ID,
            clientCertificatePath: join(dir, 'none.pem'),
            rosterFile: good,
          }),
        (e: unknown) => e instanceof ConfigError && e.variable === 'AZURE_CLIENT_CERTIFICATE_PATH',
      );
    });
  });
});
