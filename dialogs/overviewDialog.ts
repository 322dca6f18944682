import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../src/cards/text';
import { CARD_PROMPT, type CardAnswer } from './cardPrompt';
import { addFlowDialogs, pickCustomerStep, pickedReservation, pickReservationStep, type FlowOptions, type FlowValues } from './flowSteps';
import type { FlowSwitch } from './refundDialog';
import { day, money } from '../src/cards/format';
import type { DeskServices } from './services';
import { USAGE_NOT_REPORTED } from './quoteFacts';
import { unquotableReason } from '../src/services/quoting';

export const OVERVIEW_DIALOG = 'reservation';

const MANAGE_FLOWS: ReadonlyArray<FlowSwitch['switchTo']> = ['scope', 'renew', 'access', 'rename'];

const HELP = 'Use the card\'s buttons to change the scope, the renewal, the access or the name, or type another command.';

const percent = (v: string | undefined) => (v === undefined ? 'no data yet' : `${v}%`);

/** /reservation: customer → reservation → overview (expiry, scope, utilization, IDs, portal link), with buttons to manage it. */
export class OverviewDialog extends ComponentDialog {
  constructor(private readonly services: DeskServices) {
    super(OVERVIEW_DIALOG);
    addFlowDialogs(this, services);
    this.addDialog(new WaterfallDialog('overviewFlow', [pickCustomerStep(), pickReservationStep('overview'), this.showOverview.bind(this), this.takeAction.bind(this)]));
    this.initialDialogId = 'overviewFlow';
  }

  private async showOverview(step: WaterfallStepContext): Promise<DialogTurnResult> {
    (step.values as FlowValues).reservationId = step.result as string | undefined;
    const r = await pickedReservation(this.services, step, 'overview');
    if (!r) return step.endDialog();
    return step.beginDialog(CARD_PROMPT, {
      card: 'reservation-overview',
      help: HELP,
      subject: { customerId: r.customerId, reservationId: r.reservationId },
      data: {
        name: cardText(r.displayName, 80),
        summary: plainText(`Reservation ${r.displayName}`, 150),
        customerName: cardText((step.values as FlowValues).customer!.name, 80),
        portalUrl: r.portalUrl.startsWith('https://') ? r.portalUrl : '',
        facts: [
          { title: 'Reservation ID', value: cardText(r.reservationId, 80) },
          { title: 'Reservation order ID', value: cardText(r.reservationOrderId, 80) },
          { title: 'Product', value: cardText(`${r.sku} · ${r.reservedResourceType} · ${r.region}`, 160) },
          { title: 'Quantity', value: `${r.quantity}${r.returnedQuantity ? ` (${r.returnedQuantity} returned)` : ''}` },
          { title: 'Term', value: `${r.term}, ${r.billingPlan}` },
          { title: 'Benefit start', value: day(r.benefitStart) },
          { title: 'Expiry', value: day(r.expiry) },
          { title: 'Scope', value: cardText(r.scope, 80) },
          { title: 'State', value: cardText(r.state, 40) },
          {
            title: 'Utilization',
            value: r.usageReported ? `1 day ${percent(r.utilization.day1)} · 7 days ${percent(r.utilization.day7)} · 30 days ${percent(r.utilization.day30)}` : USAGE_NOT_REPORTED,
          },
          // Money Azure contradicts itself about is not shown as if it were true: the reason is.
          ...(r.figuresProblem
            ? [{ title: 'Figures', value: cardText(unquotableReason(r)!, 300) }]
            : [
                { title: 'Total commitment', value: money(r.totalCommitment, r.currency) },
                { title: 'Paid to date', value: money(r.paidToDate, r.currency) },
              ]),
        ],
      },
    });
  }

  /** A manage button hands over to that flow for this reservation; the card is closed with the choice shown. */
  private async takeAction(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as CardAnswer;
    const values = step.values as FlowValues;
    const flow = answer.kind === 'action' && answer.action.action === 'manage' ? MANAGE_FLOWS.find((f) => f === answer.action.value) : undefined;
    if (!flow) return step.endDialog();
    return step.endDialog({ switchTo: flow, options: { customer: values.customer, reservationId: values.reservationId } satisfies FlowOptions } satisfies FlowSwitch);
  }
}
