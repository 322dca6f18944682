import type { FlowCustomer } from '../flowState';
import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { cardAttachment, renderCard } from '../../src/cards/render';
import { cardText, plainText } from '../../src/cards/text';
import type { AppliedScope } from '../../src/domain/management';
import { DeskError, StorageUnavailableError } from '../../src/errors';
import type { Reservation } from '../../src/ports/reservations';
import type { ReservationSettings } from '../../src/ports/reservationManagement';
import { ReservationChanges } from '../../src/services/reservationChanges';
import { recordCancelled } from '../flowAudit';
import { pickedReservation, type FlowValues } from '../flowSteps';
import type { Fact } from '../quoteFacts';
import type { DeskServices } from '../services';
import { saysNothingWasDone, t, type Locale } from '../../src/i18n';
import { failureText } from '../failureText';
import { turnLocale, turnText } from '../language';

/** What a manage flow carries from step to step, besides the customer and reservation. */
export interface ManageValues extends FlowValues {
  settings?: ReservationSettings;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false };

/**
 * A provider call whose failure (Azure not answering, refusing, a customer that is gone) is told to the agent in the
 * turn's language (dialogs/failureText.ts), ending the step instead of the turn; storage failures go on to the turn
 * handler.
 */
export async function attempt<T>(context: TurnContext, run: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (!(error instanceof DeskError) || error instanceof StorageUnavailableError) throw error;
    // The failure in the agent's language (Azure's own words quoted as Azure wrote them), with "nothing changed"
    // added unless its catalog message already says that nothing was done.
    const said = failureText(error, turnLocale(context));
    await context.sendActivity(saysNothingWasDone(error.wording) ? said : turnText(context, 'manage.providerFailed', { message: said }));
    return { ok: false };
  }
}

export function changesOf(services: DeskServices): ReservationChanges {
  return new ReservationChanges({
    management: services.provider.management,
    audit: services.audit,
    idempotency: services.idempotency,
    wallClock: services.wallClock,
    log: services.log,
  });
}

/** Reads the picked reservation's settings into the step's values; tells the agent when it is gone. */
export async function loadSettings(services: DeskServices, step: WaterfallStepContext): Promise<ReservationSettings | undefined> {
  const values = step.values as ManageValues;
  if (!values.customer || !values.reservationId) return undefined;
  const read = await attempt(step.context, () => services.provider.management.settings(values.customer!.id, values.reservationId!));
  if (!read.ok) return undefined;
  const settings = read.value;
  if (!settings) await step.context.sendActivity(turnText(step.context, 'manage.gone'));
  values.settings = settings;
  return settings;
}

/** What a manage card is about, for its one-line summary (the fallback text) and its header. */
export type ManageWhat = 'scope' | 'renewal' | 'name' | 'access' | 'rename';

/** The header every manage card has: which reservation of which customer, and a summary naming `what`. */
export function headerOf(customer: FlowCustomer, settings: ReservationSettings, what: string, locale: Locale): Record<string, string> {
  return {
    customerName: cardText(customer.name, 80),
    reservationName: cardText(settings.displayName, 80),
    summary: plainText(t(locale, 'manage.summary', { what, name: settings.displayName }), 150),
  };
}

/** "Scope", "Renewal", … in the language. */
export function whatText(what: ManageWhat, locale: Locale): string {
  return t(locale, 'manage.what', { what });
}

/** A scope as the agent reads it (the audit trail keeps domain/management's English scopeText). */
export function scopeLabel(scope: AppliedScope, locale: Locale): string {
  switch (scope.type) {
    case 'Shared':
      return t(locale, 'manage.scope.shared');
    case 'Single':
      return t(locale, 'manage.scope.single', { subscription: scope.subscriptionId ?? '?' });
    case 'ResourceGroup':
      return t(locale, 'manage.scope.resourceGroup', { group: scope.resourceGroup ?? '?', subscription: scope.subscriptionId ?? '?' });
    case 'ManagementGroup':
      return t(locale, 'manage.scope.managementGroup', { group: scope.managementGroupId ?? '?' });
  }
}

export function scopeFacts(settings: ReservationSettings, locale: Locale): Fact[] {
  return [
    { title: t(locale, 'manage.fact.scope'), value: cardText(scopeLabel(settings.scope, locale), 160) },
    { title: t(locale, 'manage.fact.appliesTo'), value: cardText(settings.appliesTo.join(', ') || '—', 200) },
  ];
}

export function renewalFacts(settings: ReservationSettings, locale: Locale): Fact[] {
  const r = settings.renewal;
  return [
    { title: t(locale, 'manage.fact.renews'), value: t(locale, settings.renew ? 'manage.yes' : 'manage.no') },
    { title: t(locale, 'manage.fact.renewalBuys'), value: cardText(`${r.quantity} × ${r.sku} · ${r.region} · ${r.term} ${r.billingPlan}`, 160) },
    { title: t(locale, 'manage.fact.billedTo'), value: cardText(r.billingSubscriptionId, 80) },
  ];
}

/** The reservation as Azure reports it after a change; `title` and `note` already in the turn's language. */
export async function showSettings(context: TurnContext, customer: FlowCustomer, settings: ReservationSettings, title: string, note = ''): Promise<void> {
  const locale = turnLocale(context);
  const card = renderCard(
    'manage-result',
    {
      ...headerOf(customer, settings, title, locale),
      title: cardText(title, 100),
      facts: [
        { title: t(locale, 'manage.fact.name'), value: cardText(settings.displayName, 80) },
        ...scopeFacts(settings, locale),
        ...renewalFacts(settings, locale),
      ],
      note: cardText(note, 300),
    },
    locale,
  );
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
}

/**
 * Azure changes only a Succeeded reservation: for any other (expired, cancelled, failed) the settings are shown
 * with the reason, and the flow ends without offering a change.
 */
export async function showIfUnchangeable(step: WaterfallStepContext, settings: ReservationSettings, what: ChangeableWhat): Promise<boolean> {
  if (settings.state === 'Succeeded') return false;
  const customer = (step.values as ManageValues).customer!;
  const locale = turnLocale(step.context);
  await showSettings(step.context, customer, settings, whatText(what, locale), t(locale, 'manage.unchangeable', { state: settings.state, what }));
  return true;
}

/** The settings a flow changes. */
export type ChangeableWhat = 'scope' | 'renewal' | 'name';

/**
 * The picked reservation and its settings, for a flow that changes `what` (Renewal, Scope, Name): undefined once
 * the agent was told why there is nothing to change (gone, unreadable, or in a state Azure does not change).
 */
export async function changeableSettings(
  services: DeskServices,
  step: WaterfallStepContext,
  what: ChangeableWhat,
): Promise<{ reservation: Reservation; settings: ReservationSettings } | undefined> {
  const reservation = await pickedReservation(services, step);
  const settings = reservation ? await loadSettings(services, step) : undefined;
  if (!reservation || !settings || (await showIfUnchangeable(step, settings, what))) return undefined;
  return { reservation, settings };
}

/** The agent left a manage card with Cancel: audited, and told nothing changed. */
export async function cancelChoice(services: DeskServices, step: WaterfallStepContext, stepName: string): Promise<DialogTurnResult> {
  const values = step.values as ManageValues;
  await recordCancelled(services, step.context, { customerId: values.customer?.id, reservationId: values.reservationId }, { step: stepName });
  await step.context.sendActivity(turnText(step.context, 'manage.cancelled'));
  return step.endDialog();
}
