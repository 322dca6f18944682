import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { PLAYGROUND_TENANT, type ChatIdentity, type PartnerUser } from '../ports/partnerDirectory';

/**
 * The roster both providers read: who the partner's people are, which Partner Center roles they hold, and which
 * chat identities are theirs. The sandbox ships one (SANDBOX_ROSTER_FILE replaces it); the azure provider reads
 * AZURE_ROSTER_FILE, and never resolves playground identities (the playground has no sign-in).
 */
const nonEmpty = z.string().trim().min(1);

const rosterUserSchema = z
  .object({
    id: nonEmpty,
    displayName: nonEmpty,
    email: z
      .string()
      .trim()
      .regex(/^[^@\s]+@[^@\s]+$/, 'not an email address')
      .optional(),
    roles: z.array(nonEmpty),
    teams: z.object({ tenantId: nonEmpty, aadObjectId: nonEmpty }).strict().optional(),
    slack: z.object({ teamId: nonEmpty, userId: nonEmpty }).strict().optional(),
  })
  .strict();

const rosterSchema = z
  .object({
    $comment: z.string().optional(),
    partner: z.object({ name: nonEmpty, tenantId: nonEmpty, domain: nonEmpty }).strict().optional(),
    users: z.array(rosterUserSchema),
  })
  .strict();

export type Roster = z.infer<typeof rosterSchema>;
export type RosterUser = z.infer<typeof rosterUserSchema>;

/** The playground has no identity provider: a user is named by its roster id, in this fixed tenant. */
export { PLAYGROUND_TENANT };

function rosterError(variable: string, source: string, problem: string): ConfigError {
  return new ConfigError(variable, `${variable}: the roster ${source} is not usable: ${problem}`);
}

/** The key a chat identity is looked up by. Teams ids are GUIDs, compared case-insensitively; Slack ids exactly. */
function identityKey(channel: ChatIdentity['channel'], tenant: string, user: string): string {
  return channel === 'teams' ? `teams\u0000${tenant.toLowerCase()}\u0000${user.toLowerCase()}` : `${channel}\u0000${tenant}\u0000${user}`;
}

function identitiesOf(user: RosterUser): string[] {
  const keys = [identityKey('playground', PLAYGROUND_TENANT, user.id)];
  if (user.teams) keys.push(identityKey('teams', user.teams.tenantId, user.teams.aadObjectId));
  if (user.slack) keys.push(identityKey('slack', user.slack.teamId, user.slack.userId));
  return keys;
}

/** Checks a parsed roster; a duplicate id or chat identity would make resolution ambiguous, so it is refused. */
export function parseRoster(data: unknown, source: string, variable: string): Roster {
  const parsed = rosterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw rosterError(variable, source, `${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`);
  }
  const ids = new Set<string>();
  const identities = new Set<string>();
  for (const user of parsed.data.users) {
    if (ids.has(user.id)) throw rosterError(variable, source, `user id ${JSON.stringify(user.id)} appears twice`);
    ids.add(user.id);
    for (const key of identitiesOf(user)) {
      if (identities.has(key)) throw rosterError(variable, source, `user ${JSON.stringify(user.id)} has a chat identity another user already has`);
      identities.add(key);
    }
  }
  return parsed.data;
}

/** Reads a roster file; every problem is a ConfigError naming `variable`, the setting that points at it. */
export function loadRosterFile(rosterFile: string, variable: string): Roster {
  let text: string;
  try {
    text = readFileSync(rosterFile, 'utf8');
  } catch (error) {
    throw rosterError(variable, rosterFile, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw rosterError(variable, rosterFile, 'it is not valid JSON');
  }
  return parseRoster(data, rosterFile, variable);
}

/** Chat identity → partner user, built once from a checked roster. */
export class RosterIndex {
  private readonly byIdentity = new Map<string, RosterUser>();

  constructor(
    readonly roster: Roster,
    /** Whether playground identities (roster ids) are recognised: for local use only, never with real customers. */
    private readonly options: { playground: boolean },
  ) {
    for (const user of roster.users) for (const key of identitiesOf(user)) this.byIdentity.set(key, user);
  }

  resolve(identity: ChatIdentity): PartnerUser | undefined {
    if (typeof identity?.tenant !== 'string' || typeof identity.user !== 'string') return undefined;
    if (identity.channel !== 'teams' && identity.channel !== 'slack' && !(identity.channel === 'playground' && this.options.playground)) return undefined;
    const user = this.byIdentity.get(identityKey(identity.channel, identity.tenant, identity.user));
    if (!user) return undefined;
    return { id: user.id, displayName: user.displayName, ...(user.email ? { email: user.email } : {}), roles: [...user.roles] };
  }
}
