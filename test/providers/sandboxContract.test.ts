import { createSandboxProvider, type SandboxOptions } from '../../src/providers/sandbox';
import { describeProviderContract, type ProviderFixture } from './contract/providerContract';

function sandboxFixture(options: SandboxOptions): () => Promise<ProviderFixture> {
  return async () => {
    const provider = createSandboxProvider(options);
    const withTeams = provider.roster.users.find((u) => u.teams);
    return {
      provider,
      knownIdentity: withTeams?.teams ? { channel: 'teams', tenant: withTeams.teams.tenantId, user: withTeams.teams.aadObjectId } : undefined,
      creditFiledTickets: async () => provider.clock.advance(options.creditDelayMs ?? 5000),
    };
  };
}

describeProviderContract('sandbox', sandboxFixture({ now: '2026-03-10T12:00:00Z' }));
// The tenant is anchored on the sandbox's "today", so the contract holds whatever the date: a leap day just
// after midnight, and the real clock.
describeProviderContract('sandbox on 29 February 2028', sandboxFixture({ now: '2028-02-29T00:30:00Z', creditDelayMs: 1 }));
describeProviderContract('sandbox on real time', sandboxFixture({}));
