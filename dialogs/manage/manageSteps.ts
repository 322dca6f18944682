import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { cardAttachment, renderCard } from '../../src/cards/render';
import { cardText, plainText } from '../../src/cards/text';
import { scopeText } from '../../src/domain/management';
import { DeskError, StorageUnavailableError } from '../../src/errors';
import type { Customer } from '../../src/ports/partnerDirectory';
import type { Reservation } from '../../src/ports/reservations';
import type { ReservationSettings } from '../../src/ports/reservationManagement';
import { ReservationChanges } from '../../src/services/reservationChanges';
import { recordCancelled } from '../flowAudit';
import { pickedReservation, type FlowValues } from '../flowSteps';
import type { Fact } from '../quoteFacts';
import type { DeskServices } from '../services';
import { turnLocale } from '../language';

/** What a manage flow carries from step to step, besides the customer and reservation. */
export interface ManageValues extends FlowValues {
  settings?: ReservationSettings;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false };

/**
 * A provider call whose failure (Azure not answering, refusing, a customer that is gone) is told to the agent with
 * the error's own words, ending the step instead of the turn; storage failures go on to the turn handler.
 */
export async function attempt<T>(context: TurnContext, run: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (!(error instanceof DeskError) || error instanceof StorageUnavailableError) throw error;
    await context.sendActivity(/nothing (changed|was filed)/i.test(error.message) ? error.message : `${error.message} Nothing changed.`);
    return { ok: false };
  }
}

export function changesOf(services: DeskServices): ReservationChanges {
  return new ReservationChanges({ management: services.provider.management, audit: services.audit, idempotency: services.idempotency, wallClock: services.wallClock, log: services.log });
}

/** Reads the picked reservation's settings into the step's values; tells the agent when it is gone. */
export async function loadSettings(services: DeskServices, step: WaterfallStepContext): Promise<ReservationSettings | undefined> {
  const values = step.values as ManageValues;
  if (!values.customer || !values.reservationId) return undefined;
  const read = await attempt(step.context, () => services.provider.management.settings(values.customer!.id, values.reservationId!));
  if (!read.ok) return undefined;
  const settings = read.value;
  if (!settings) await step.context.sendActivity('That reservation can no longer be found. Nothing changed.');
  values.settings = settings;
  return settings;
}

/** The header every manage card has: which reservation of which customer. */
export function headerOf(customer: Customer, settings: ReservationSettings, what: string): Record<string, string> {
  return {
    customerName: cardText(customer.name, 80),
    reservationName: cardText(settings.displayName, 80),
    summary: plainText(`${what} of ${settings.displayName}`, 150),
  };
}

export function scopeFacts(settings: ReservationSettings): Fact[] {
  return [
    { title: 'Scope', value: cardText(scopeText(settings.scope), 160) },
    { title: 'Applies to', value: cardText(settings.appliesTo.join(', ') || '—', 200) },
  ];
}

export function renewalFacts(settings: ReservationSettings): Fact[] {
  const r = settings.renewal;
  return [
    { title: 'Renews at expiry', value: settings.renew ? 'Yes' : 'No' },
    { title: 'Renewal buys', value: cardText(`${r.quantity} × ${r.sku} · ${r.region} · ${r.term} ${r.billingPlan}`, 160) },
    { title: 'Billed to subscription', value: cardText(r.billingSubscriptionId, 80) },
  ];
}

/** The reservation as Azure reports it after a change. */
export async function showSettings(context: TurnContext, customer: Customer, settings: ReservationSettings, title: string, note = ''): Promise<void> {
  const card = renderCard('manage-result', {
    ...headerOf(customer, settings, title),
    title: cardText(title, 100),
    facts: [{ title: 'Name', value: cardText(settings.displayName, 80) }, ...scopeFacts(settings), ...renewalFacts(settings)],
    note: cardText(note, 300),
  }, turnLocale(context));
  await context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
}

/**
 * Azure changes only a Succeeded reservation: for any other (expired, cancelled, failed) the settings are shown
 * with the reason, and the flow ends without offering a change.
 */
export async function showIfUnchangeable(step: WaterfallStepContext, settings: ReservationSettings, what: string): Promise<boolean> {
  if (settings.state === 'Succeeded') return false;
  const customer = (step.values as ManageValues).customer!;
  await showSettings(step.context, customer, settings, what, `This reservation is ${settings.state}: Azure does not change its ${what.toLowerCase()}.`);
  return true;
}

/**
 * The picked reservation and its settings, for a flow that changes `what` (Renewal, Scope, Name): undefined once
 * the agent was told why there is nothing to change (gone, unreadable, or in a state Azure does not change).
 */
export async function changeableSettings(services: DeskServices, step: WaterfallStepContext, what: string): Promise<{ reservation: Reservation; settings: ReservationSettings } | undefined> {
  const reservation = await pickedReservation(services, step);
  const settings = reservation ? await loadSettings(services, step) : undefined;
  if (!reservation || !settings || (await showIfUnchangeable(step, settings, what))) return undefined;
  return { reservation, settings };
}

/** The agent left a manage card with Cancel: audited, and told nothing changed. */
export async function cancelChoice(services: DeskServices, step: WaterfallStepContext, stepName: string): Promise<DialogTurnResult> {
  const values = step.values as ManageValues;
  await recordCancelled(services, step.context, { customerId: values.customer?.id, reservationId: values.reservationId }, { step: stepName });
  await step.context.sendActivity('Cancelled. Nothing changed.');
  return step.endDialog();
}
