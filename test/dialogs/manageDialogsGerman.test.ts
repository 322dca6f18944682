import assert from 'node:assert/strict';
import { sandboxSubscriptionId } from '../../src/providers/sandbox/management';
import type { SandboxProvider } from '../../src/providers/sandbox';
import { ChangeRefusedError } from '../../src/errors';
import { worded } from '../../src/i18n';
import { AzureNotFoundError, AzureRejectedError } from '../../src/providers/azure/errors';
import { actionsOf, deskOnTestAdapter, type Json } from './deskHarness';

const AVA = 'ava.lindqvist'; // Admin agent
const BEN = 'ben.okafor'; // Global admin
const DEV = 'dev.raman'; // Sales agent

type Desk = ReturnType<typeof deskOnTestAdapter>;

/** Fact titles to values of a card, markdown escapes removed (as the agent reads them). */
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

const last = (desk: Desk) => desk.texts().at(-1)!;
const cardJson = (desk: Desk) => JSON.stringify(desk.lastCard());
const germanDay = (d: Date) => d.toISOString().slice(0, 10).split('-').reverse().join('.');

/** A desk on which these agents chose German with /language (remembered, so their clicks are answered in German). */
async function germanDesk(...agents: string[]): Promise<Desk> {
  const desk = deskOnTestAdapter();
  for (const agent of agents) await desk.say(agent, '/language de');
  return desk;
}

async function webReservation(desk: Desk) {
  const provider = desk.services.provider as SandboxProvider;
  const customerId = (await provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
  const r = (await provider.reservations.listReservations(customerId)).find((x) => x.reservationOrderId && x.displayName === 'af-web-d4s-fresh')!;
  const settings = async () => (await provider.management.settings(customerId, r.reservationId))!;
  return { provider, customerId, reservation: r, reservationId: r.reservationId, settings };
}

describe('managing a reservation from chat, in German', () => {
  it('/renew: the card, the confirmation and the result in German, the expiry as DD.MM.YYYY; the audit stays English', async () => {
    const desk = await germanDesk(AVA);
    const web = await webReservation(desk);
    await desk.say(AVA, '/renew alder');
    await desk.say(AVA, 'af-web');
    assert.match(cardJson(desk), /Automatische Verlängerung/);
    assert.equal(facts(desk.lastCard()).Ablauf, germanDay(web.reservation.expiry));
    assert.equal(facts(desk.lastCard())['Verlängert sich bei Ablauf'], 'Nein');
    assert.match(cardJson(desk), /Mit eingeschalteter Verlängerung wird dieselbe Reservierung/);
    assert.deepEqual(
      actionsOf(desk.lastCard()).map((a) => a.title),
      ['Verlängerung einschalten', 'Abbrechen'],
    );
    await desk.say(AVA, 'hilfe');
    assert.match(last(desk), /^Klicken Sie auf „Verlängerung einschalten“ oder „Verlängerung ausschalten“/);
    await desk.clickButton(AVA, 'Verlängerung einschalten');
    await desk.say(AVA, 'hilfe');
    assert.match(last(desk), /^Klicken Sie auf die Bestätigungsschaltfläche, um diese Änderung in Azure vorzunehmen/);
    assert.match(cardJson(desk), /Automatische Verlängerung einschalten\?/);
    assert.match(cardJson(desk), /In Azure ändert sich nichts, bevor Sie bestätigen\./);
    assert.deepEqual([facts(desk.lastCard()).Vorher, facts(desk.lastCard()).Nachher], ['Verlängert sich nicht', 'Verlängert sich bei Ablauf']);
    assert.equal((await web.settings()).renew, false, 'nothing changes before the confirmation');
    await desk.clickButton(AVA, 'Verlängerung einschalten');
    assert.equal((await web.settings()).renew, true);
    assert.match(cardJson(desk), /In Azure geändert/);
    assert.match(cardJson(desk), /So meldet Azure die Reservierung jetzt\./);
    assert.equal(facts(desk.lastCard())['Verlängert sich bei Ablauf'], 'Ja');
    assert.equal(facts(desk.lastCard()).Anzeigename, 'af-web-d4s-fresh');
    assert.match(JSON.stringify(desk.updated.at(-1)!.attachments![0].content), /Bestätigt: siehe Antwort unten/, 'the answered card says so in German');
    // The same confirmation clicked again later: answered as stale, in German, and nothing changes.
    desk.advanceWallClock(60_000);
    await desk.click(
      AVA,
      actionsOf(desk.sent.filter((a) => a.attachments?.length).at(-2)!.attachments![0].content as Json).find((a) => a.title === 'Verlängerung einschalten')!
        .data as Json,
    );
    assert.match(last(desk), /^Diese Änderungskarte wurde bereits beantwortet oder ist abgelaufen, daher wurde jetzt nichts geändert\./);
    const [change] = await desk.services.audit.list({ type: 'reservation-changed' });
    assert.deepEqual(change.detail, { change: 'renewal', before: 'does not renew', after: 'renews automatically' });
  });

  it('Abbrechen on a manage card: cancelled in German, nothing changed', async () => {
    const desk = await germanDesk(AVA);
    const web = await webReservation(desk);
    await desk.say(AVA, '/renew alder');
    await desk.say(AVA, 'af-web');
    await desk.clickButton(AVA, 'Abbrechen');
    assert.equal(last(desk), 'Abgebrochen. Es wurde nichts geändert.');
    assert.equal((await web.settings()).renew, false);
  });

  it('refuses a Sales agent in German, naming the roles as Microsoft does and auditing in English', async () => {
    const desk = await germanDesk(DEV);
    const web = await webReservation(desk);
    await desk.say(DEV, '/renew alder');
    await desk.say(DEV, 'af-web');
    await desk.clickButton(DEV, 'Verlängerung einschalten');
    assert.equal(
      last(desk),
      'Leider dürfen nur Partnerbenutzer mit Admin agent oder Global admin den Bereich, die Verlängerung, den Namen oder den Zugriff einer Reservierung ändern: Diese Rollen haben Administratorrechte im Azure des Kunden. Fragen Sie Ihren Partneradministrator oder jemanden mit einer dieser Rollen. (Ihre Rollen: Sales agent.) Es wurde nichts geändert.',
    );
    assert.equal((await web.settings()).renew, false);
    const [refusal] = await desk.services.audit.list({ type: 'refused' });
    assert.equal(refusal.detail?.rolesNeeded, 'Admin agent, Global admin');
  });

  it("shows an expired reservation's settings with the reason in German, offering no change", async () => {
    const desk = await germanDesk(AVA);
    await desk.say(AVA, '/renew kestrel');
    await desk.say(AVA, 'kh-legacy');
    assert.match(cardJson(desk), /Diese Reservierung ist Expired: Azure ändert ihre Verlängerung nicht\./);
    assert.equal(actionsOf(desk.lastCard()).length, 0);
    await desk.say(AVA, '/scope kestrel');
    await desk.say(AVA, 'kh-legacy');
    assert.match(cardJson(desk), /Azure ändert ihren Bereich nicht\./);
  });

  it("/scope: German scope names, picker, Azure's refusal and the change; the audit keeps English scope text", async () => {
    const desk = await germanDesk(BEN);
    const web = await webReservation(desk);
    await desk.say(BEN, '/scope alder');
    await desk.say(BEN, 'af-web');
    assert.equal(facts(desk.lastCard()).Bereich, 'Freigegeben');
    assert.deepEqual(
      actionsOf(desk.lastCard()).map((a) => a.title),
      ['Einzelnes Abonnement', 'Einzelne Ressourcengruppe', 'Verwaltungsgruppe', 'Abbrechen'],
    );
    await desk.clickButton(BEN, 'Einzelnes Abonnement');
    assert.match(cardJson(desk), /Abonnement wählen/);
    assert.match(cardJson(desk), /Sie können auch einen Teil eines Namens oder einer ID eingeben\./);
    await desk.say(BEN, 'zzz-nothing');
    assert.match(cardJson(desk), /Keine Abonnements passen zu „zzz-nothing“\./);
    await desk.say(BEN, 'Visual Studio');
    assert.equal(desk.texts().at(-2), 'Alder Dev (Visual Studio) gewählt.');
    // Azure's reason is Azure's own text; the desk's words around it are German.
    assert.match(
      last(desk),
      /^Azure akzeptiert Alder Dev \(Visual Studio\) nicht als Bereich dieser Reservierung: .+ Es wurde nichts geändert; wählen Sie einen anderen Bereich\.$/,
    );
    assert.deepEqual((await web.settings()).scope, { type: 'Shared' });
    await desk.clickButton(BEN, 'Einzelnes Abonnement');
    await desk.say(BEN, 'shared serv');
    assert.equal(last(desk), 'Alder Shared Services gewählt.');
    const confirm = facts(desk.lastCard());
    assert.equal(confirm.Vorher, 'Freigegeben');
    assert.equal(confirm.Nachher, `Einzelnes Abonnement ${sandboxSubscriptionId('alder', 'shared')} — Alder Shared Services`);
    assert.equal(confirm.Azure, 'availableScopes akzeptiert diesen Bereich');
    await desk.clickButton(BEN, 'Bereich ändern');
    assert.deepEqual((await web.settings()).scope, { type: 'Single', subscriptionId: sandboxSubscriptionId('alder', 'shared') });
    assert.equal(facts(desk.lastCard())['Gilt für'], 'Alder Shared Services');
    const [change] = await desk.services.audit.list({ type: 'reservation-changed' });
    assert.deepEqual(change.detail, { change: 'scope', before: 'Shared', after: `Single subscription ${sandboxSubscriptionId('alder', 'shared')}` });
  });

  it("/scope: refuses another customer's subscription sent in a forged click, in German", async () => {
    const desk = await germanDesk(AVA);
    const web = await webReservation(desk);
    await desk.say(AVA, '/scope alder');
    await desk.say(AVA, 'af-web');
    await desk.clickButton(AVA, 'Einzelne Ressourcengruppe');
    const pick = actionsOf(desk.lastCard()).find((a) => a.title === `Alder Production · ${sandboxSubscriptionId('alder', 'prod').slice(0, 8)}`)!;
    assert.equal((pick.data as Json).label, 'Alder Production gewählt');
    await desk.click(AVA, { ...(pick.data as Json), value: sandboxSubscriptionId('brightwater', 'apps') });
    assert.equal(last(desk), 'Das gehört nicht zu den Abonnements von Alder & Finch Logistics. Es wurde nichts geändert.');
    await desk.clickButton(AVA, `Alder Production · ${sandboxSubscriptionId('alder', 'prod').slice(0, 8)}`);
    assert.match(cardJson(desk), /Ressourcengruppe wählen/);
    await desk.clickButton(AVA, 'rg-data');
    assert.equal(
      facts(desk.lastCard()).Nachher,
      `Ressourcengruppe rg-data im Abonnement ${sandboxSubscriptionId('alder', 'prod')} — rg-data (Alder Production)`,
    );
    await desk.clickButton(AVA, 'Bereich ändern');
    assert.deepEqual((await web.settings()).scope, { type: 'ResourceGroup', subscriptionId: sandboxSubscriptionId('alder', 'prod'), resourceGroup: 'rg-data' });
  });

  it('renames from the German overview card; names Azure would reject are explained in German', async () => {
    const desk = await germanDesk(AVA);
    const web = await webReservation(desk);
    await desk.say(AVA, '/reservation alder');
    await desk.say(AVA, 'af-web');
    await desk.clickButton(AVA, 'Umbenennen');
    await desk.say(AVA, 'hilfe');
    assert.match(last(desk), /^Geben Sie den neuen Namen ein \(bis zu 64 Buchstaben/);
    const card = cardJson(desk);
    assert.match(card, /Reservierung umbenennen/);
    assert.match(card, /Neuer Name \(bis zu 64 Buchstaben, Ziffern, _ - \.\)/);
    assert.match(card, /Ein Name ist erforderlich\./);
    await desk.clickButton(AVA, 'Umbenennen', { newName: 'web prod!' });
    assert.equal(
      last(desk),
      'Azure würde diesen Namen ablehnen: Azure nimmt in einem Reservierungsnamen nur die Buchstaben A–Z, Ziffern, „_“, „-“ und „.“ an, am Anfang ein Buchstabe oder eine Ziffer. Es wurde nichts geändert.',
    );
    assert.match(cardJson(desk), /Bitte korrigieren: Azure nimmt/);
    await desk.clickButton(AVA, 'Umbenennen', { newName: 'x'.repeat(70) });
    assert.equal(last(desk), 'Azure würde diesen Namen ablehnen: Der Name hat 70 Zeichen; Azure nimmt höchstens 64. Es wurde nichts geändert.');
    await desk.clickButton(AVA, 'Umbenennen', { newName: 'af-web-d4s-fresh' });
    assert.match(cardJson(desk), /Bitte korrigieren: Das ist der aktuelle Name; geben Sie einen neuen ein\./);
    await desk.clickButton(AVA, 'Umbenennen', { newName: 'web-prod_2026' });
    assert.match(cardJson(desk), /Reservierung umbenennen\?/);
    assert.deepEqual([facts(desk.lastCard()).Vorher, facts(desk.lastCard()).Nachher], ['af-web-d4s-fresh', 'web-prod_2026']);
    await desk.clickButton(AVA, 'Umbenennen');
    assert.equal((await web.settings()).displayName, 'web-prod_2026');
    assert.equal(facts(desk.lastCard()).Anzeigename, 'web-prod_2026');
  });

  it('/access: lists, refuses unknown users and missing input, grants and revokes, all in German', async () => {
    const desk = await germanDesk(AVA);
    const web = await webReservation(desk);
    const assignments = () => web.provider.management.roleAssignments(web.customerId, web.reservationId);
    await desk.say(AVA, '/access alder');
    await desk.say(AVA, 'af-web');
    const list = cardJson(desk);
    assert.match(list, /Zugriff auf die Reservierungsbestellung/);
    assert.match(list, /Reservations Administrator · geerbt von \/providers\/Microsoft\.Capacity/);
    assert.match(list, /Zugriff für einen Benutzer von Alder & Finch Logistics erteilen/);
    assert.match(list, /"label":"E-Mail, UPN oder Objekt-ID"/);
    assert.deepEqual(
      actionsOf(desk.lastCard())
        .slice(-2)
        .map((a) => a.title),
      ['Zugriff erteilen', 'Fertig'],
    );
    await desk.clickButton(AVA, 'Zugriff erteilen', { principal: '', role: 'Reservations Reader' });
    assert.equal(
      last(desk),
      'Geben Sie die E-Mail, den UPN oder die Objekt-ID des Benutzers ein und wählen Sie Reservations Reader oder Reservations Administrator. Es wurde nichts geändert.',
    );
    await desk.clickButton(AVA, 'Zugriff erteilen', { principal: 'cfo@brightwateranalytics.onmicrosoft.com', role: 'Reservations Reader' });
    assert.equal(
      last(desk),
      'Der Mandant von Alder & Finch Logistics hat keinen Benutzer „cfo@brightwateranalytics.onmicrosoft.com“. Prüfen Sie die E-Mail, den UPN oder die Objekt-ID; es wurde nichts geändert.',
    );
    await desk.clickButton(AVA, 'Zugriff erteilen', { principal: 'finance@alderfinch.onmicrosoft.com', role: 'Reservations Administrator' });
    assert.match(cardJson(desk), /Zugriff erteilen\?/);
    assert.equal(facts(desk.lastCard()).Rolle, 'Reservations Administrator');
    assert.match(facts(desk.lastCard()).Auf, /^Reservierungsbestellung /);
    await desk.clickButton(AVA, 'Zugriff erteilen');
    assert.match(cardJson(desk), /Zugriff in Azure geändert/);
    assert.equal(facts(desk.lastCard()).Änderung, 'Felix Brandt (finance@alderfinch.onmicrosoft.com) hat jetzt Reservations Administrator');

    await desk.say(AVA, '/access alder');
    await desk.say(AVA, 'af-web');
    await desk.clickButton(AVA, 'Reservations Administrator entziehen');
    assert.match(cardJson(desk), /Zugriff entziehen\?/);
    await desk.clickButton(AVA, 'Entziehen');
    assert.equal(facts(desk.lastCard()).Änderung, 'finance@alderfinch.onmicrosoft.com hat Reservations Administrator nicht mehr');
    assert.equal(
      (await assignments()).some((a) => a.roleName === 'Reservations Administrator' && !a.inherited),
      false,
    );

    await desk.say(AVA, '/access alder');
    await desk.say(AVA, 'af-web');
    await desk.clickButton(AVA, 'Fertig');
    assert.equal(last(desk), 'Fertig. Es wurde nichts geändert.');
    assert.deepEqual(
      (await desk.services.audit.list()).filter((e) => e.type.startsWith('access-')).map((e) => e.type),
      ['access-revoked', 'access-granted'],
    );
  });

  it('refuses a confirmation card from before a change made elsewhere, naming the current value in German', async () => {
    const desk = await germanDesk(AVA);
    const web = await webReservation(desk);
    await desk.say(AVA, '/renew alder');
    await desk.say(AVA, 'af-web');
    await desk.clickButton(AVA, 'Verlängerung einschalten');
    const avaConfirm = actionsOf(desk.lastCardOf(AVA)).find((a) => a.title === 'Verlängerung einschalten')!.data as Json;
    await desk.say(BEN, '/renew alder');
    await desk.say(BEN, 'af-web');
    await desk.clickButton(BEN, 'Turn renewal on');
    await desk.clickButton(BEN, 'Turn renewal on');
    assert.equal((await web.settings()).renew, true);
    await desk.click(AVA, avaConfirm);
    assert.equal(
      last(desk),
      'Die Reservierung hat sich geändert, seit diese Karte angezeigt wurde (jetzt: verlängert sich automatisch). Es wurde nichts geändert; beginnen Sie neu, um sie so zu sehen, wie sie ist.',
    );
    assert.equal((await desk.services.audit.list({ type: 'change-refused' })).length, 1);
  });

  it("tells a German agent in German when Azure refuses or does not know the reservation, Azure's own words quoted", async () => {
    const said = 'The subscription <Alder Production> cannot receive "reservation" discounts.';
    const desk = deskOnTestAdapter((sandbox) => ({
      ...sandbox,
      management: Object.assign(Object.create(sandbox.management) as typeof sandbox.management, {
        checkScope: async () => Promise.reject(new AzureRejectedError({ service: 'azure-reservations', intent: 'read', status: 400 }, said)),
      }),
    }));
    await desk.say(AVA, '/language de');
    const web = await webReservation(desk);
    await desk.say(AVA, '/bereich alder');
    await desk.say(AVA, 'af-web');
    await desk.clickButton(AVA, 'Einzelnes Abonnement');
    await desk.clickButton(AVA, `Alder Production · ${sandboxSubscriptionId('alder', 'prod').slice(0, 8)}`);
    assert.equal(last(desk), `Azure (Reservierungen) hat die Anfrage abgelehnt („${said}“). Es wurde nichts eingereicht.`);
    assert.deepEqual((await web.settings()).scope, { type: 'Shared' });

    const gone = deskOnTestAdapter((sandbox) => ({
      ...sandbox,
      management: Object.assign(Object.create(sandbox.management) as typeof sandbox.management, {
        settings: async () => Promise.reject(new AzureNotFoundError({ service: 'azure-reservations', intent: 'read', status: 404 }, 'this reservation')),
      }),
    }));
    await gone.say(AVA, '/language de');
    await gone.say(AVA, '/verlängerung alder');
    await gone.say(AVA, 'af-web');
    // The English message does not say nothing changed: the German sentence adds it, as the English flow does.
    assert.equal(last(gone), 'Azure (Reservierungen) kennt diese Reservierung nicht (möglicherweise entfernt oder verschoben). Es wurde nichts geändert.');
  });

  it('tells a German agent in German when Azure refuses the confirmed change, quoting Azure', async () => {
    const said = 'Renewal is not available for this SKU.';
    const desk = deskOnTestAdapter((sandbox) => ({
      ...sandbox,
      management: Object.assign(Object.create(sandbox.management) as typeof sandbox.management, {
        // As the azure provider words a 400 on the PATCH (src/providers/azure/management.ts).
        update: async () =>
          Promise.reject(
            new ChangeRefusedError(worded('failure.change.azureRefused', { action: 'change', conflict: 'no', azureMessage: said }), {
              action: 'change',
              azureMessage: said,
            }),
          ),
      }),
    }));
    await desk.say(AVA, '/language de');
    const web = await webReservation(desk);
    await desk.say(AVA, '/verlängerung alder');
    await desk.say(AVA, 'af-web');
    await desk.clickButton(AVA, 'Verlängerung einschalten');
    await desk.clickButton(AVA, 'Verlängerung einschalten');
    assert.equal(last(desk), `Azure hat abgelehnt, die Reservierung zu ändern („${said}“). Es wurde nichts geändert.`);
    assert.equal((await web.settings()).renew, false);
  });
});
