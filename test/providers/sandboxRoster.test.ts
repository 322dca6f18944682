import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTING_ROLES } from '../../src/domain/types';
import { ConfigError } from '../../src/errors';
import { actingRolesOf, type ChatIdentity } from '../../src/ports/partnerDirectory';
import { createSandboxProvider, PLAYGROUND_TENANT, type RosterUser, type SandboxProvider } from '../../src/providers/sandbox';

function identitiesOf(user: RosterUser): ChatIdentity[] {
  const identities: ChatIdentity[] = [{ channel: 'playground', tenant: PLAYGROUND_TENANT, user: user.id }];
  if (user.teams) identities.push({ channel: 'teams', tenant: user.teams.tenantId, user: user.teams.aadObjectId });
  if (user.slack) identities.push({ channel: 'slack', tenant: user.slack.teamId, user: user.slack.userId });
  return identities;
}

describe('sandbox roster', () => {
  let provider: SandboxProvider;
  beforeEach(() => {
    provider = createSandboxProvider({ now: '2026-03-10T12:00:00Z' });
  });

  it('has, for each of the five acting roles, a user holding only that role, reachable from Teams, Slack and the playground', async () => {
    for (const role of ACTING_ROLES) {
      const user = provider.roster.users.find((u) => u.roles.length === 1 && u.roles[0] === role);
      assert.ok(user, `a user who is only ${role}`);
      assert.ok(user.teams && user.slack, `${user.id} has Teams and Slack identities`);
      for (const identity of identitiesOf(user)) {
        const resolved = await provider.directory.resolveUser(identity);
        assert.equal(resolved?.id, user.id, `${identity.channel} resolves to ${user.id}`);
        assert.deepEqual(actingRolesOf(resolved, ACTING_ROLES), [role]);
      }
    }
  });

  it('has known users who must be refused: Billing admin only, and no roles at all', async () => {
    const refused = provider.roster.users.filter((u) => u.roles.every((r) => !(ACTING_ROLES as readonly string[]).includes(r)));
    assert.ok(
      refused.some((u) => u.roles.join() === 'Billing admin'),
      'a Billing admin only',
    );
    assert.ok(
      refused.some((u) => u.roles.length === 0),
      'a user with no roles',
    );
    for (const user of refused) {
      for (const identity of identitiesOf(user)) {
        const resolved = await provider.directory.resolveUser(identity);
        assert.ok(resolved, `${user.id} is known on ${identity.channel}`);
        assert.deepEqual(actingRolesOf(resolved, ACTING_ROLES), [], `${user.id} may not act`);
      }
    }
  });

  it('lets a user with an acting role among other roles act', async () => {
    const mixed = provider.roster.users.find((u) => u.roles.includes('Billing admin') && u.roles.some((r) => (ACTING_ROLES as readonly string[]).includes(r)));
    assert.ok(mixed);
    const resolved = await provider.directory.resolveUser(identitiesOf(mixed)[0]!);
    assert.ok(resolved && actingRolesOf(resolved, ACTING_ROLES).length > 0);
  });

  it('matches Teams GUIDs case-insensitively but Slack and playground ids exactly', async () => {
    const user = provider.roster.users.find((u) => u.teams && u.slack)!;
    const teams = { channel: 'teams', tenant: user.teams!.tenantId.toUpperCase(), user: user.teams!.aadObjectId.toUpperCase() } as const;
    assert.equal((await provider.directory.resolveUser(teams))?.id, user.id);
    assert.equal(await provider.directory.resolveUser({ channel: 'slack', tenant: user.slack!.teamId, user: user.slack!.userId.toLowerCase() }), undefined);
    assert.equal(await provider.directory.resolveUser({ channel: 'playground', tenant: PLAYGROUND_TENANT, user: user.id.toUpperCase() }), undefined);
  });

  it('needs channel, tenant and user to match together', async () => {
    const user = provider.roster.users.find((u) => u.teams && u.slack)!;
    const other = provider.roster.users.find((u) => u.slack && u.id !== user.id)!;
    // the right ids on the wrong channel
    assert.equal(await provider.directory.resolveUser({ channel: 'slack', tenant: user.teams!.tenantId, user: user.teams!.aadObjectId }), undefined);
    assert.equal(await provider.directory.resolveUser({ channel: 'teams', tenant: PLAYGROUND_TENANT, user: user.id }), undefined);
    // the right user id in another workspace or tenant
    assert.equal(await provider.directory.resolveUser({ channel: 'slack', tenant: 'T0OTHERTEAM', user: user.slack!.userId }), undefined);
    assert.equal(await provider.directory.resolveUser({ channel: 'playground', tenant: 'elsewhere', user: user.id }), undefined);
    // one user's Slack id does not become another's
    assert.equal((await provider.directory.resolveUser({ channel: 'slack', tenant: other.slack!.teamId, user: other.slack!.userId }))?.id, other.id);
  });

  it('returns copies: changing a resolved user changes nothing in the roster', async () => {
    const user = provider.roster.users[0]!;
    const resolved = await provider.directory.resolveUser(identitiesOf(user)[0]!);
    const roles = [...user.roles];
    resolved!.roles.push('Global admin');
    provider.roster.users[0]!.roles.push('Global admin');
    assert.deepEqual((await provider.directory.resolveUser(identitiesOf(user)[0]!))!.roles, roles);
  });

  describe('a roster file of your own', () => {
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'sandbox-roster-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    function write(name: string, content: unknown): string {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
      return path;
    }

    const partner = { name: 'Test Partner', tenantId: '11111111-2222-4333-8444-555555555555', domain: 'testpartner.onmicrosoft.com' };

    it('replaces the shipped roster', async () => {
      const rosterFile = write('roster.json', {
        partner,
        users: [{ id: 'zoe', displayName: 'Zoe Quinn', roles: ['Sales agent'], slack: { teamId: 'T0TEST', userId: 'U0ZOE' } }],
      });
      const custom = createSandboxProvider({ now: '2026-03-10T12:00:00Z', rosterFile });
      assert.equal((await custom.directory.resolveUser({ channel: 'slack', tenant: 'T0TEST', user: 'U0ZOE' }))?.displayName, 'Zoe Quinn');
      const shipped = provider.roster.users[0]!;
      assert.equal(await custom.directory.resolveUser({ channel: 'playground', tenant: PLAYGROUND_TENANT, user: shipped.id }), undefined);
    });

    function assertRosterRefused(rosterFile: string, mentions: RegExp): void {
      assert.throws(
        () => createSandboxProvider({ rosterFile }),
        (error: unknown) => error instanceof ConfigError && error.variable === 'SANDBOX_ROSTER_FILE' && mentions.test(error.message),
      );
    }

    it('refuses a missing file, bad JSON, a bad shape and ambiguous identities, naming the problem', () => {
      assertRosterRefused(join(dir, 'absent.json'), /cannot be read \(ENOENT\)/);
      assertRosterRefused(write('bad.json', '{ users: '), /not valid JSON/);
      assertRosterRefused(write('no-roles.json', { partner, users: [{ id: 'x', displayName: 'X' }] }), /users\.0\.roles/);
      assertRosterRefused(write('typo.json', { partner, users: [{ id: 'x', displayName: 'X', roles: [], slak: {} }] }), /slak/);
      assertRosterRefused(
        write('twice.json', {
          partner,
          users: [
            { id: 'x', displayName: 'X', roles: [] },
            { id: 'x', displayName: 'Y', roles: [] },
          ],
        }),
        /"x" appears twice/,
      );
      const teams = { tenantId: 'AAAAAAAA-0000-4000-8000-000000000000', aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000000' };
      const lower = { tenantId: teams.tenantId.toLowerCase(), aadObjectId: teams.aadObjectId };
      assertRosterRefused(
        write('shared.json', {
          partner,
          users: [
            { id: 'x', displayName: 'X', roles: [], teams },
            { id: 'y', displayName: 'Y', roles: [], teams: lower },
          ],
        }),
        /"y" has a chat identity another user already has/,
      );
    });
  });
});
