import { existsSync } from 'node:fs';
import { ClientCertificateCredential, ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { ConfigError } from '../../errors';
import { AZURE_ENV, type AzureSettings } from './config';

/**
 * One credential per tenant: Partner Center calls authenticate against the partner tenant, Azure Resource
 * Manager and Support calls against the customer's tenant (the partner's app acts there through its
 * admin relationship). Tests pass their own `CredentialFor` returning a fake TokenCredential.
 */
export type CredentialFor = (tenantId: string) => TokenCredential;

export function createCredentialFactory(settings: AzureSettings): CredentialFor {
  if (settings.credential.kind === 'certificate' && !existsSync(settings.credential.certificatePath)) {
    throw new ConfigError(
      AZURE_ENV.clientCertificatePath,
      `${AZURE_ENV.clientCertificatePath} points to ${settings.credential.certificatePath}, which does not exist`,
    );
  }
  const byTenant = new Map<string, TokenCredential>();
  const options = settings.authorityHost ? { authorityHost: settings.authorityHost } : {};
  return (tenantId: string) => {
    const key = tenantId.toLowerCase();
    let credential = byTenant.get(key);
    if (!credential) {
      credential =
        settings.credential.kind === 'secret'
          ? new ClientSecretCredential(tenantId, settings.clientId, settings.credential.clientSecret, options)
          : new ClientCertificateCredential(tenantId, settings.clientId, settings.credential.certificatePath, options);
      byTenant.set(key, credential);
    }
    return credential;
  };
}
