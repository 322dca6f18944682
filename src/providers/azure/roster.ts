import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import type { ChatIdentity, PartnerUser } from '../../ports/partnerDirectory';
import { AZURE_ENV } from './config';

/**
 * Who may act, for the azure provider: the same roster file format as the sandbox's (partner block, users
 * with their Partner Center roles and their Teams / Slack identities). Roles are not read from the partner
 * tenant: Partner Center's role APIs need App+User credentials (docs/azure-provider.md).
 *
 * Playground identities are never resolved here: the playground has no sign-in, and with real customers
 * behind the bot anybody could claim to be anybody.
 */
const nonEmpty = z.string().trim().min(1);

const rosterSchema = z.object({
  $comment: z.string().optional(),
  partner: z.object({ name: nonEmpty, tenantId: nonEmpty, domain: nonEmpty }).optional(),
  users: z.array(
    z.object({
      id: nonEmpty,
      displayName: nonEmpty,
      email: z.string().trim().regex(/^[^@\s]+@[^@\s]+$/, 'not an email address').optional(),
      roles: z.array(nonEmpty),
      teams: z.object({ tenantId: nonEmpty, aadObjectId: nonEmpty }).optional(),
      slack: z.object({ teamId: nonEmpty, userId: nonEmpty }).optional(),
    }),
  ),
});
type RosterUser = z.infer<typeof rosterSchema>['users'][number];

function keyOf(channel: 'teams' | 'slack', tenant: string, user: string): string {
  // Teams ids are GUIDs (any case); Slack ids are exact.
  return channel === 'teams' ? `teams\u0000${tenant.toLowerCase()}\u0000${user.toLowerCase()}` : `slack\u0000${tenant}\u0000${user}`;
}

export class AzureRoster {
  private readonly byIdentity = new Map<string, RosterUser>();

  constructor(data: unknown, source: string) {
    const parsed = rosterSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw rosterError(source, `${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
    }
    const ids = new Set<string>();
    for (const user of parsed.data.users) {
      if (ids.has(user.id)) throw rosterError(source, `user id ${JSON.stringify(user.id)} appears twice`);
      ids.add(user.id);
      const keys = [user.teams && keyOf('teams', user.teams.tenantId, user.teams.aadObjectId), user.slack && keyOf('slack', user.slack.teamId, user.slack.userId)];
      for (const key of keys) {
        if (!key) continue;
        if (this.byIdentity.has(key)) throw rosterError(source, `user ${JSON.stringify(user.id)} has a chat identity another user already has`);
        this.byIdentity.set(key, user);
      }
    }
  }

  static load(file: string): AzureRoster {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw rosterError(file, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw rosterError(file, 'it is not valid JSON');
    }
    return new AzureRoster(data, file);
  }

  resolve(identity: ChatIdentity): PartnerUser | undefined {
    if (typeof identity?.tenant !== 'string' || typeof identity.user !== 'string') return undefined;
    if (identity.channel !== 'teams' && identity.channel !== 'slack') return undefined;
    const user = this.byIdentity.get(keyOf(identity.channel, identity.tenant, identity.user));
    if (!user) return undefined;
    return { id: user.id, displayName: user.displayName, ...(user.email ? { email: user.email } : {}), roles: [...user.roles] };
  }
}

function rosterError(source: string, problem: string): ConfigError {
  return new ConfigError(AZURE_ENV.rosterFile, `The roster ${source} (${AZURE_ENV.rosterFile}) is not usable: ${problem}`);
}
