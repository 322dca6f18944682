import assert from 'node:assert/strict';
import { failureText } from '../../dialogs/failureText';
import { worded } from '../../src/i18n';
import { ChangeRefusedError, DeskError, InvalidInputError, NotFoundError } from '../../src/errors';
import {
  AzureForbiddenError,
  AzureMalformedAnswerError,
  AzureNotFoundError,
  AzureOperationFailedError,
  AzureRejectedError,
  AzureThrottledError,
  AzureUnavailableError,
  ReservationPriceUnknownError,
  SupportClassificationNotFoundError,
  type AzureService,
  type CallIntent,
} from '../../src/providers/azure/errors';
import { startHarness, type Harness } from '../providers/azure/standIn/harness';
import { MANAGED_USERS as USERS, ManagementWorld, seedManagement } from '../providers/azure/standIn/managementWorld';
import { IDS } from '../providers/azure/standIn/seed';
import { Decimal } from '../../src/domain/money';
import { createLogger } from '../../src/log';
import type { SupportDesk, TicketRequest } from '../../src/ports/supportDesk';
import { FilingService, type FilingOutcome } from '../../src/services/filing';
import { MemoryAuditTrail } from '../../src/store/memory/auditTrail';
import { MemoryCapLedger } from '../../src/store/memory/capLedger';
import { MemoryLeases } from '../../src/store/memory/leases';
import { MemoryRequestStore } from '../../src/store/memory/requestStore';
import { refundFilingInput } from '../services/filingInput';

const SERVICES: Array<[AzureService, string]> = [
  ['partner-center', 'Partner Center'],
  ['azure-reservations', 'Azure (Reservierungen)'],
  ['azure-support', 'Azure Support'],
  ['microsoft-graph', 'Microsoft Graph'],
];
const INTENTS: CallIntent[] = ['read', 'write'];

/** Every failure the azure provider raises, for one service and intent. */
function azureFailures(service: AzureService, intent: CallIntent): DeskError[] {
  const context = { service, intent, status: 400 };
  return [
    new AzureUnavailableError(context, 'timeout'),
    new AzureThrottledError(context),
    new AzureThrottledError(context, 30_000),
    new AzureThrottledError(context, 150_000),
    new AzureForbiddenError(context, 'token'),
    new AzureNotFoundError(context, 'this reservation order'),
    new AzureNotFoundError(context),
    new AzureMalformedAnswerError(context, 'not JSON'),
    new AzureRejectedError(context, 'The scope is\n  not valid for this reservation.'),
    new AzureRejectedError(context, ''),
    new AzureOperationFailedError(context, 'Exchange failed: quota.'),
    new AzureOperationFailedError(context, ''),
  ];
}

describe('failureText: a failure in the agent language', () => {
  it('shows every failure in English exactly as the desk wrote it', () => {
    for (const [service] of SERVICES) {
      for (const intent of INTENTS) for (const error of azureFailures(service, intent)) assert.equal(failureText(error, 'en'), error.message);
    }
  });

  it('words every azure failure kind, for every service and intent, in German', () => {
    for (const [service, name] of SERVICES) {
      for (const intent of INTENTS) {
        for (const error of azureFailures(service, intent)) {
          const german = failureText(error, 'de');
          assert.notEqual(german, error.message, `${error.code} ${intent}: not recognised`);
          assert.ok(german.startsWith(name), `${error.code}: ${german}`);
          assert.doesNotMatch(german, /nothing|answering|refused|slow down|could not/, german);
        }
      }
    }
  });

  it('says each kind in German words, with what the failure details carry', () => {
    const read = { service: 'azure-reservations' as const, intent: 'read' as const };
    const write = { service: 'azure-support' as const, intent: 'write' as const };
    assert.equal(
      failureText(new AzureUnavailableError(read, 'timeout'), 'de'),
      'Azure (Reservierungen) antwortet nicht; es wurde nichts eingereicht. Versuchen Sie es in einigen Minuten erneut.',
    );
    assert.equal(
      failureText(new AzureUnavailableError(write, 'timeout'), 'de'),
      'Azure Support antwortet nicht, daher ist nicht sicher, ob die Anfrage Microsoft erreicht hat. Ein erneuter Versuch ist sicher: Dieselbe Anfrage wird nie zweimal eingereicht.',
    );
    assert.match(failureText(new AzureThrottledError(read), 'de'), /Versuchen Sie es in einer Minute erneut\.$/);
    assert.match(failureText(new AzureThrottledError(read, 150_000), 'de'), /Versuchen Sie es in 3 Minuten erneut\.$/);
    assert.match(failureText(new AzureThrottledError(write, 150_000), 'de'), /^Azure Support bittet den Bot, langsamer zu werden, daher ist nicht sicher/);
    assert.match(failureText(new AzureForbiddenError(read, 'x'), 'de'), /Anmeldedaten oder Berechtigungen des Bots abgelehnt; ein Administrator/);
    assert.equal(
      failureText(new AzureNotFoundError({ service: 'partner-center', intent: 'read' }, 'this customer'), 'de'),
      'Partner Center kennt diesen Kunden nicht (möglicherweise entfernt oder verschoben).',
    );
    assert.match(failureText(new AzureMalformedAnswerError(read, 'x'), 'de'), /Antwort gesendet, die der Bot nicht lesen kann/);
    assert.equal(failureText(new AzureRejectedError(read, ''), 'de'), 'Azure (Reservierungen) hat die Anfrage abgelehnt. Es wurde nichts eingereicht.');
    assert.equal(failureText(new AzureOperationFailedError(read, ''), 'de'), 'Azure (Reservierungen) konnte den Vorgang nicht abschließen.');
  });

  it("keeps Azure's own words verbatim, quoted inside the German sentence", () => {
    const said = 'Scope <b>"Alder Dev"</b> is not valid; {x, plural, other {#}} – use “another”.';
    const rejected = new AzureRejectedError({ service: 'azure-reservations', intent: 'write' }, said);
    assert.equal(failureText(rejected, 'de'), `Azure (Reservierungen) hat die Anfrage abgelehnt („${said}“). Es wurde nichts eingereicht.`);
    const failed = new AzureOperationFailedError({ service: 'azure-reservations', intent: 'write' }, said);
    assert.equal(failureText(failed, 'de'), `Azure (Reservierungen) konnte den Vorgang nicht abschließen („${said}“).`);
    // As the provider quotes it in English too: one line, at most 300 characters.
    const long = new AzureRejectedError({ service: 'azure-support', intent: 'read' }, `Line one\n\tline two ${'x'.repeat(400)}`);
    assert.ok(failureText(long, 'de').includes(`(„Line one line two ${'x'.repeat(300 - 'Line one line two '.length)}“)`));
  });

  it('words the other provider failures and the desk’s own fixed sentences in German', () => {
    assert.match(
      failureText(new SupportClassificationNotFoundError('Reservation refund', 'svc', []), 'de'),
      /^Azure Support bietet „Reservation refund“ unter „Billing“ nicht mehr an/,
    );
    assert.match(failureText(new ReservationPriceUnknownError('r1', 'no plan'), 'de'), /^Azure hat nicht mitgeteilt, was diese Reservierung gekostet hat/);
    const notFiled = new NotFoundError(worded('failure.reservationUnknown.nothingFiled'), { reservationId: 'r' });
    assert.equal(notFiled.message, 'That reservation is not one of this customer\u2019s reservations; nothing was filed.');
    assert.equal(failureText(notFiled, 'de'), 'Diese Reservierung gehört nicht zu den Reservierungen dieses Kunden; es wurde nichts eingereicht.');
    const expired = new ChangeRefusedError(worded('failure.change.notSucceeded', { state: 'Expired' }), { state: 'Expired' });
    assert.equal(expired.message, 'Azure does not change a reservation that is Expired. Nothing changed.');
    assert.equal(failureText(expired, 'de'), 'Azure ändert keine Reservierung im Status Expired. Es wurde nichts geändert.');
    assert.match(failureText(new InvalidInputError(worded('failure.replacementUnknown')), 'de'), /Umtauschkatalog/);
  });

  it('says a wording in English exactly as the message the failure carries', () => {
    const failures: DeskError[] = [
      ...SERVICES.flatMap(([service]) => INTENTS.flatMap((intent) => azureFailures(service, intent))),
      new SupportClassificationNotFoundError('Reservation refund', 'svc', []),
      new ReservationPriceUnknownError('r1', 'no plan'),
    ];
    for (const failure of failures) {
      assert.ok(failure.wording, failure.code);
      assert.equal(failureText(failure, 'en'), failure.message);
    }
    assert.equal(
      new AzureNotFoundError({ service: 'azure-reservations', intent: 'read' }).message,
      'Azure (reservations) does not know what the bot asked for; it may have been removed or moved.',
    );
  });

  it('shows a failure raised without a wording, or with one this catalog cannot say, in its own words', () => {
    const unknown = new DeskError('something-new', 'Something new went wrong.');
    assert.equal(failureText(unknown, 'de'), 'Something new went wrong.');
    assert.equal(failureText(new NotFoundError('No such invoice.'), 'de'), 'No such invoice.');
    // Wordings stored by another version of the desk: an unknown key, an unknown term, a placeholder without its value.
    const message = 'Partner Center is down.';
    assert.equal(failureText({ message, wording: { key: 'failure.partnerCenterDown' } }, 'de'), message);
    assert.equal(failureText({ message, wording: { key: 'failure.forbidden', values: { service: { term: 'failure.service.bing' } } } }, 'de'), message);
    assert.equal(failureText({ message, wording: { key: 'failure.forbidden' } }, 'de'), message);
  });
});

describe("failureText: the providers' change refusals in German (azure stand-in)", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    const mw = new ManagementWorld(h.world);
    h.world.extensions.push(mw.handle);
    seedManagement(mw);
  });
  afterEach(async () => h.dispose());

  const VM = IDS.reservations.contosoVm;
  const RESERVATION_PATH = `/providers/Microsoft.Capacity/reservationOrders/${IDS.orders.contosoEur}/reservations/${VM}`;
  /** The error a change rejects with, in German. */
  const german = async (change: Promise<unknown>): Promise<string> => {
    const error = await change.then(
      () => assert.fail('the change was made'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ChangeRefusedError, String(error));
    const text = failureText(error, 'de');
    assert.notEqual(text, error.message, `not recognised: ${error.message}`);
    return text;
  };
  const renew = () => h.provider.management.update(IDS.contoso.id, VM, { kind: 'renewal', renew: true });

  it("words Azure's refusals of a change (conflict, permission, its own reason, a vanished reservation), Azure's words quoted", async () => {
    const script = (status: number, code: string, message: string) =>
      h.standIn.script({ method: 'PATCH', path: RESERVATION_PATH }, { status, body: { error: { code, message } } });
    script(409, 'ReservationOperationInProgress', 'Another operation is in progress on this reservation.');
    assert.equal(
      await german(renew()),
      'Azure hat abgelehnt, die Reservierung zu ändern (eine andere Änderung daran läuft noch; versuchen Sie es in einigen Minuten erneut) ' +
        '(„Another operation is in progress on this reservation.“). Es wurde nichts geändert.',
    );
    script(400, 'InvalidRenewProperties', 'Renewal is\n not allowed for this SKU.');
    assert.equal(await german(renew()), 'Azure hat abgelehnt, die Reservierung zu ändern („Renewal is not allowed for this SKU.“). Es wurde nichts geändert.');
    script(403, 'AuthorizationFailed', 'The client does not have authorization.');
    assert.equal(
      await german(renew()),
      'Azure hat dem Bot die Berechtigung verweigert, im Mandanten dieses Kunden die Reservierung zu ändern (HTTP 403); der Partner benötigt dort Administratorrechte. Es wurde nichts geändert.',
    );
    script(404, 'ReservationNotFound', 'Gone.');
    assert.equal(
      await german(renew()),
      'Azure kennt diese Reservierung oder Zuweisung nicht mehr und konnte daher die Reservierung nicht ändern. Es wurde nichts geändert.',
    );
  });

  it('words the refusals of a grant, a revoke and a scope in German', async () => {
    const m = h.provider.management;
    await m.grant(IDS.contoso.id, VM, USERS.finance.id, 'Reservations Administrator');
    const again = await german(m.grant(IDS.contoso.id, VM, USERS.finance.id, 'Reservations Administrator'));
    assert.match(again, /^\S+ hat die Rolle Reservations Administrator für diese Reservierungsbestellung bereits\. Es wurde nichts geändert\.$/);
    assert.equal(
      await german(m.grant(IDS.contoso.id, VM, USERS.fabrikam.id, 'Reservations Reader')),
      'Im Mandanten des Kunden gibt es diesen Benutzer nicht. Es wurde nichts geändert.',
    );
    assert.equal(
      await german(m.revoke(IDS.contoso.id, VM, 'd1000000-0000-4000-8000-000000000001')),
      'Diese Rollenzuweisung besteht für diese Reservierungsbestellung nicht (mehr). Es wurde nichts geändert.',
    );
    const foreign = await german(m.update(IDS.contoso.id, VM, { kind: 'scope', scope: { type: 'Single', subscriptionId: IDS.subscriptions.fabrikam } }));
    assert.match(foreign, /^Azure hat diesen Bereich abgelehnt \(„.*not in the customer.*“\)\. Es wurde nichts geändert\.$/);
  });
});

describe("failureText: the filing service's outcomes in German", () => {
  const AT = new Date('2026-06-15T10:00:00Z');
  /** A support desk that files, or fails with `failWith` while it is set. */
  class Desk implements SupportDesk {
    failWith?: Error;
    async problemClassificationId() {
      return 'classification';
    }
    async fileTicket(request: TicketRequest) {
      if (this.failWith) throw this.failWith;
      return { ticketId: `T-${request.requestKey}`, status: 'open' as const, createdAt: AT };
    }
    async getTicket() {
      return undefined;
    }
    async findTicket() {
      return undefined;
    }
  }
  function setup() {
    const desk = new Desk();
    const requests = new MemoryRequestStore();
    const capLedger = new MemoryCapLedger();
    // A clock that moves, so a later request is created later (the earlier of two open requests wins the reservation).
    let tick = 0;
    const clock = { now: () => new Date(AT.getTime() + 1000 * tick++) };
    const deps = { requests, capLedger, supportDesk: desk, leases: new MemoryLeases(), audit: new MemoryAuditTrail(), clock };
    return { desk, requests, capLedger, filing: new FilingService({ ...deps, log: createLogger('silent') }) };
  }
  /** The outcome in German; it must have been recognised (not the English message). */
  function german(outcome: FilingOutcome): string {
    assert.ok(outcome.outcome === 'failed' || outcome.outcome === 'uncertain', outcome.outcome);
    const text = failureText(outcome, 'de');
    assert.notEqual(text, outcome.message, `not recognised: ${outcome.message}`);
    assert.equal(failureText(outcome, 'en'), outcome.message);
    return text;
  }

  it('words a busy reservation (naming the open ticket), a retried failed request and an interrupted one', async () => {
    const { filing, requests } = setup();
    const first = await filing.file(refundFilingInput('first', '100.00', 'res-1'));
    assert.equal(first.outcome, 'filed');
    const busy = await filing.file(refundFilingInput('second', '100.00', 'res-1'));
    assert.match(german(busy), new RegExp(`^Für diese Reservierung ist bereits ein anderer Antrag offen \\(Ticket ${first.record.ticketId}\\)`));
    assert.match(german(await filing.file(refundFilingInput('second', '100.00', 'res-1'))), /^Dieser Antrag konnte bereits früher nicht eingereicht werden/);

    const { record } = await requests.create(refundFilingInput('cut-short', '100.00', 'res-2').request, AT);
    assert.match(german((await filing.finishInterrupted(record.id))!), /^Die Einreichung wurde unterbrochen, bevor Microsoft sie erhalten hat/);
  });

  it('words a request whose cap was given back, a failure before Microsoft answered, and an uncertain ticket', async () => {
    const { filing, requests, capLedger, desk } = setup();
    const { record } = await requests.create(refundFilingInput('released', '100.00', 'res-1').request, AT);
    await capLedger.reserve('cust-1', record.id, new Decimal('100.00'), new Date(record.createdAt));
    await capLedger.release('cust-1', record.id);
    assert.match(german(await filing.file(refundFilingInput('released', '100.00', 'res-1'))), /^Dieser Antrag wurde bereits früher gestoppt/);

    desk.failWith = new Error('socket hang up');
    assert.match(german(await filing.file(refundFilingInput('broken', '100.00', 'res-3'))), /^Bevor Microsoft antwortete/);
    desk.failWith = new AzureForbiddenError({ service: 'azure-support', intent: 'write' }, 'token');
    assert.match(german(await filing.file(refundFilingInput('forbidden', '100.00', 'res-4'))), /^Azure Support hat die Anmeldedaten/);
    // Azure's own reason travels with the outcome's wording, quoted as Azure wrote it.
    desk.failWith = new AzureRejectedError({ service: 'azure-support', intent: 'write' }, 'Contact email invalid.');
    assert.equal(
      german(await filing.file(refundFilingInput('rejected', '100.00', 'res-6'))),
      'Azure Support hat die Anfrage abgelehnt („Contact email invalid.“). Es wurde nichts eingereicht.',
    );
    desk.failWith = new AzureThrottledError({ service: 'azure-support', intent: 'write' }, 5_000);
    const uncertain = await filing.file(refundFilingInput('uncertain', '100.00', 'res-5'));
    assert.equal(uncertain.outcome, 'uncertain');
    assert.match(german(uncertain), /^Azure Support bittet den Bot, langsamer zu werden, daher ist nicht sicher/);
  });
});
