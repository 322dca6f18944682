import assert from 'node:assert/strict';
import { DeskError } from '../../src/errors';
import { worded } from '../../src/i18n';
import { sandboxSubscriptionId } from '../../src/providers/sandbox/management';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { actionsOf, deskOnTestAdapter, type Json } from './deskHarness';

const AVA = 'ava.lindqvist'; // Admin agent
const BEN = 'ben.okafor'; // Global admin
const DEV = 'dev.raman'; // Sales agent

type Desk = ReturnType<typeof deskOnTestAdapter>;

/** The data of the newest card button with this title (as a person would click it). */
function button(desk: Desk, title: string): Json {
  for (const activity of [...desk.sent].reverse()) {
    const card = activity.attachments?.[0]?.content as Json | undefined;
    const hit = card ? actionsOf(card).find((a) => a.title === title) : undefined;
    if (hit) return hit.data as Json;
  }
  throw new Error(`no button "${title}"`);
}

async function click(desk: Desk, user: string, title: string, inputs: Json = {}): Promise<Json> {
  const data = { ...button(desk, title), ...inputs };
  await desk.click(user, data);
  return data;
}

function facts(card: Json): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const el = node as Json;
    if (el.type === 'FactSet') for (const f of el.facts as Array<{ title: string; value: string }>) found[f.title] = f.value.replace(/\\/g, '');
    Object.values(el).forEach(walk);
  };
  walk(card);
  return found;
}

async function webReservation(desk: Desk) {
  const provider = desk.services.provider as SandboxProvider;
  const customerId = (await provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
  const r = (await provider.reservations.listReservations(customerId)).find((x) => x.reservationOrderId && x.displayName === 'af-web-d4s-fresh')!;
  const settings = async () => (await provider.management.settings(customerId, r.reservationId))!;
  return { provider, customerId, reservationId: r.reservationId, settings };
}

describe('managing a reservation from chat', () => {
  it('/renew turns renewal on after a confirmation; a second click on the answered card changes nothing', async () => {
    const desk = deskOnTestAdapter();
    const web = await webReservation(desk);
    await desk.say(AVA, '/renew alder');
    await desk.say(AVA, 'af-web');
    assert.equal(facts(desk.lastCard())['Renews at expiry'], 'No');
    await click(desk, AVA, 'Turn renewal on');
    assert.deepEqual([facts(desk.lastCard()).Before, facts(desk.lastCard()).After], ['Does not renew', 'Renews at expiry']);
    assert.equal((await web.settings()).renew, false, 'nothing changes before the confirmation');
    const confirm = await click(desk, AVA, 'Turn renewal on');
    assert.equal((await web.settings()).renew, true);
    assert.equal(facts(desk.lastCard())['Renews at expiry'], 'Yes');
    // The confirm card was closed (no buttons), and replaying its click is answered as stale.
    assert.equal(actionsOf(desk.updated.at(-1)!.attachments![0].content as Json).length, 0);
    // A replayed click on the answered card: the card was claimed by the first click, so it acts no more.
    const before = desk.sent.length;
    await desk.click(AVA, confirm);
    assert.equal(desk.sent.length, before);
    // Later (past the quiet window) the same click is answered as stale, and still changes nothing.
    desk.advanceWallClock(60_000);
    await desk.click(AVA, confirm);
    assert.match(desk.texts().at(-1)!, /change card was already answered or has expired, so nothing changed now/);
    assert.equal((await web.settings()).renew, true);
    const changes = await desk.services.audit.list({ type: 'reservation-changed' });
    assert.equal(changes.length, 1);
    assert.deepEqual(changes[0].detail, { change: 'renewal', before: 'does not renew', after: 'renews automatically' });
  });

  /** A desk whose scope check fails with `failure`, at the scope picker's subscription step for AVA. */
  async function scopeCheckFailing(failure: DeskError, language?: string): Promise<Desk> {
    const desk = deskOnTestAdapter((sandbox) => ({
      ...sandbox,
      management: Object.assign(Object.create(sandbox.management) as typeof sandbox.management, {
        checkScope: async () => Promise.reject(failure),
      }),
    }));
    if (language) await desk.say(AVA, `/language ${language}`);
    await desk.say(AVA, '/scope alder');
    await desk.say(AVA, 'af-web');
    await click(desk, AVA, language === 'de' ? 'Einzelnes Abonnement' : 'Single subscription');
    await click(desk, AVA, `Alder Production · ${sandboxSubscriptionId('alder', 'prod').slice(0, 8)}`);
    return desk;
  }

  const azureNotAnswering = () =>
    new DeskError('azure-reservations-unavailable', worded('failure.unavailable.read', { service: { term: 'failure.service.azure-reservations' } }));

  it('tells the agent when Azure cannot be asked, instead of failing the turn', async () => {
    const desk = await scopeCheckFailing(azureNotAnswering());
    // The catalog message already says nothing was done: nothing is added.
    assert.equal(desk.texts().at(-1), 'Azure (reservations) is not answering; nothing was filed. Try again in a few minutes.');
    assert.deepEqual((await webReservation(desk).then((w) => w.settings())).scope, { type: 'Shared' });
  });

  it("says a failure in the agent's language, adding that nothing changed only where the failure does not say so", async () => {
    const german = await scopeCheckFailing(azureNotAnswering(), 'de');
    assert.equal(german.texts().at(-1), 'Azure (Reservierungen) antwortet nicht; es wurde nichts eingereicht. Versuchen Sie es in einigen Minuten erneut.');
    // Azure's own words saying "nothing changed" do not count: the desk's message does not say it, so it is added.
    const quoted = await scopeCheckFailing(
      new DeskError(
        'azure-reservations-failed',
        worded('failure.operationFailed', { service: { term: 'failure.service.azure-reservations' }, azureMessage: 'Nothing changed on our side, retry.' }),
      ),
    );
    assert.equal(quoted.texts().at(-1), 'Azure (reservations) could not complete the operation: Nothing changed on our side, retry. Nothing changed.');
    const unworded = await scopeCheckFailing(new DeskError('azure-reservations-unavailable', 'Azure stopped; nothing changed.'));
    assert.equal(unworded.texts().at(-1), 'Azure stopped; nothing changed. Nothing changed.');
  });

  it("lists at most a card's worth of assignments, the revocable ones first, and says how many more there are", async () => {
    const assignment = (i: number, inherited: boolean) => ({
      assignmentId: `a-${i}`,
      principalId: `p-${i}`,
      principalName: `user${i}@alderfinch.onmicrosoft.com`,
      principalType: 'User',
      roleName: inherited ? 'Reservations Administrator' : 'Reservations Reader',
      scope: inherited ? '/providers/Microsoft.Capacity' : '/providers/Microsoft.Capacity/reservationOrders/o',
      inherited,
    });
    const desk = deskOnTestAdapter((sandbox) => ({
      ...sandbox,
      management: Object.assign(Object.create(sandbox.management) as typeof sandbox.management, {
        roleAssignments: async () => [assignment(0, true), ...Array.from({ length: 14 }, (_, i) => assignment(i + 1, false))],
      }),
    }));
    await desk.say(AVA, '/access alder');
    await desk.say(AVA, 'af-web');
    const card = JSON.stringify(desk.lastCard());
    assert.equal(actionsOf(desk.lastCard()).filter((a) => a.title === 'Revoke Reservations Reader').length, 12);
    assert.doesNotMatch(card, /inherited from/, 'the inherited one is past the limit, after the revocable ones');
    assert.match(card, /And 3 more: the Azure portal shows them all\./);
  });

  it("shows an expired reservation's renewal and scope without offering a change", async () => {
    const desk = deskOnTestAdapter();
    await desk.say(AVA, '/renew kestrel');
    await desk.say(AVA, 'kh-legacy');
    assert.match(JSON.stringify(desk.lastCard()), /This reservation is Expired: Azure does not change its renewal/);
    assert.equal(actionsOf(desk.lastCard()).length, 0);
    await desk.say(AVA, '/scope kestrel');
    await desk.say(AVA, 'kh-legacy');
    assert.match(JSON.stringify(desk.lastCard()), /This reservation is Expired: Azure does not change its scope/);
  });

  it('lets a Sales agent see the renewal but not change it, naming the roles needed and auditing the refusal', async () => {
    const desk = deskOnTestAdapter();
    const web = await webReservation(desk);
    await desk.say(DEV, '/renew alder');
    await desk.say(DEV, 'af-web');
    assert.equal(facts(desk.lastCard())['Renews at expiry'], 'No');
    await click(desk, DEV, 'Turn renewal on');
    assert.match(desk.texts().at(-1)!, /only partner users with Admin agent or Global admin may change.*\(Your roles: Sales agent\.\) Nothing changed\./);
    assert.equal((await web.settings()).renew, false);
    const [refusal] = await desk.services.audit.list({ type: 'refused' });
    assert.equal(refusal.detail?.attempted, 'change-renewal');
    assert.equal(refusal.detail?.rolesNeeded, 'Admin agent, Global admin');
    assert.equal(refusal.reservationId, web.reservationId);
  });

  it('/scope: a subscription found by typed search, validated, confirmed and applied; one Azure refuses is explained', async () => {
    const desk = deskOnTestAdapter();
    const web = await webReservation(desk);
    await desk.say(BEN, '/scope alder');
    await desk.say(BEN, 'af-web');
    assert.equal(facts(desk.lastCard()).Scope, 'Shared');
    await click(desk, BEN, 'Single subscription');
    await click(desk, BEN, `Alder Dev (Visual Studio) · ${sandboxSubscriptionId('alder', 'dev').slice(0, 8)}`);
    assert.match(
      desk.texts().at(-1)!,
      /Azure does not accept Alder Dev \(Visual Studio\) .*Visual Studio Enterprise offer cannot receive reservation discounts.*Nothing changed; pick another scope\./,
    );
    assert.deepEqual((await web.settings()).scope, { type: 'Shared' });

    await click(desk, BEN, 'Single subscription');
    await desk.say(BEN, 'shared serv');
    assert.match(desk.texts().at(-1)!, /Picked Alder Shared Services/);
    assert.match(facts(desk.lastCard()).After, /Single subscription .* — Alder Shared Services/);
    await click(desk, BEN, 'Change scope');
    assert.deepEqual((await web.settings()).scope, { type: 'Single', subscriptionId: sandboxSubscriptionId('alder', 'shared') });
    assert.equal(facts(desk.lastCard())['Applies to'], 'Alder Shared Services');
    const [change] = await desk.services.audit.list({ type: 'reservation-changed' });
    assert.deepEqual(change.detail, { change: 'scope', before: 'Shared', after: `Single subscription ${sandboxSubscriptionId('alder', 'shared')}` });
  });

  it("/scope to a resource group, and refuses another customer's subscription sent in a forged click", async () => {
    const desk = deskOnTestAdapter();
    const web = await webReservation(desk);
    await desk.say(AVA, '/scope alder');
    await desk.say(AVA, 'af-web');
    await click(desk, AVA, 'Single resource group');
    const pick = button(desk, `Alder Production · ${sandboxSubscriptionId('alder', 'prod').slice(0, 8)}`);
    await desk.click(AVA, { ...pick, value: sandboxSubscriptionId('brightwater', 'apps') });
    assert.match(desk.texts().at(-1)!, /not one of Alder & Finch Logistics's subscriptions\. Nothing changed\./);
    await click(desk, AVA, `Alder Production · ${sandboxSubscriptionId('alder', 'prod').slice(0, 8)}`);
    await click(desk, AVA, 'rg-data');
    await click(desk, AVA, 'Change scope');
    assert.deepEqual((await web.settings()).scope, { type: 'ResourceGroup', subscriptionId: sandboxSubscriptionId('alder', 'prod'), resourceGroup: 'rg-data' });
  });

  it('renames from the overview card, refusing a name Azure would reject', async () => {
    const desk = deskOnTestAdapter();
    const web = await webReservation(desk);
    await desk.say(AVA, '/reservation alder');
    await desk.say(AVA, 'af-web');
    await click(desk, AVA, 'Rename');
    await click(desk, AVA, 'Rename', { newName: 'web prod!' });
    assert.match(desk.texts().at(-1)!, /Azure would reject that name: Azure takes only letters/);
    assert.match(JSON.stringify(desk.lastCard()), /Please fix:/);
    await click(desk, AVA, 'Rename', { newName: 'web-prod_2026' });
    assert.deepEqual([facts(desk.lastCard()).Before, facts(desk.lastCard()).After], ['af-web-d4s-fresh', 'web-prod_2026']);
    await click(desk, AVA, 'Rename');
    assert.equal((await web.settings()).displayName, 'web-prod_2026');
    assert.equal((await web.provider.reservations.getReservation(web.customerId, web.reservationId))!.displayName, 'web-prod_2026');
  });

  it('the overview card sends a Sales agent on to view, but refuses renaming before anything is typed', async () => {
    const desk = deskOnTestAdapter();
    await desk.say(DEV, '/reservation alder');
    await desk.say(DEV, 'af-web');
    await click(desk, DEV, 'Rename');
    assert.match(desk.texts().at(-1)!, /only partner users with Admin agent or Global admin/);
    await desk.say(DEV, '/reservation alder');
    await desk.say(DEV, 'af-web');
    await click(desk, DEV, 'Change scope');
    assert.equal(facts(desk.lastCard()).Scope, 'Shared');
  });

  it("/access lists, grants to a user of the customer's tenant, refuses an unknown one, and revokes", async () => {
    const desk = deskOnTestAdapter();
    const web = await webReservation(desk);
    const assignments = () => web.provider.management.roleAssignments(web.customerId, web.reservationId);
    await desk.say(AVA, '/access alder');
    await desk.say(AVA, 'af-web');
    const list = JSON.stringify(desk.lastCard());
    assert.match(list, /it\.admin@alderfinch\.onmicrosoft\.com/);
    assert.match(list, /Reservations Administrator · inherited from \/providers\/Microsoft\.Capacity/);
    await click(desk, AVA, 'Grant access', { principal: 'cfo@brightwateranalytics.onmicrosoft.com', role: 'Reservations Reader' });
    assert.match(desk.texts().at(-1)!, /Alder & Finch Logistics's tenant has no user "cfo@brightwateranalytics\.onmicrosoft\.com"/);
    assert.equal((await assignments()).length, 2);
    await click(desk, AVA, 'Grant access', { principal: 'finance@alderfinch.onmicrosoft.com', role: 'Reservations Administrator' });
    assert.equal(facts(desk.lastCard()).Role, 'Reservations Administrator');
    await click(desk, AVA, 'Grant access');
    assert.equal((await assignments()).filter((a) => a.roleName === 'Reservations Administrator' && !a.inherited).length, 1);
    assert.match(facts(desk.lastCard()).Change, /Felix Brandt \(finance@alderfinch\.onmicrosoft\.com\) now has Reservations Administrator/);

    await desk.say(AVA, '/access alder');
    await desk.say(AVA, 'af-web');
    const revokeButtons = actionsOf(desk.lastCard()).filter((a) => a.title === 'Revoke Reservations Administrator');
    assert.equal(revokeButtons.length, 1, 'only the direct assignment can be revoked');
    await desk.click(AVA, revokeButtons[0].data as Json);
    await click(desk, AVA, 'Revoke');
    assert.equal(
      (await assignments()).some((a) => a.roleName === 'Reservations Administrator' && !a.inherited),
      false,
    );
    assert.deepEqual(
      (await desk.services.audit.list()).filter((e) => e.type.startsWith('access-')).map((e) => e.type),
      ['access-revoked', 'access-granted'],
    );
  });

  it('refuses a confirmation card from before a change made elsewhere', async () => {
    const desk = deskOnTestAdapter();
    const web = await webReservation(desk);
    await desk.say(AVA, '/renew alder');
    await desk.say(AVA, 'af-web');
    await click(desk, AVA, 'Turn renewal on');
    const avaConfirm = button(desk, 'Turn renewal on');
    await desk.say(BEN, '/renew alder');
    await desk.say(BEN, 'af-web');
    await click(desk, BEN, 'Turn renewal on');
    await click(desk, BEN, 'Turn renewal on');
    assert.equal((await web.settings()).renew, true);
    // Ava's card still shows "does not renew"; the reservation renews since Ben's change: refused, nothing changed.
    await desk.click(AVA, avaConfirm);
    assert.match(desk.texts().at(-1)!, /changed since this card was shown \(it is now: renews automatically\)\. Nothing changed/);
    assert.equal((await web.settings()).renew, true);
    assert.equal((await desk.services.audit.list({ type: 'change-refused' })).length, 1);
    assert.equal((await desk.services.audit.list({ type: 'reservation-changed' })).length, 1);
  });
});
