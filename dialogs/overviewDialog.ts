import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { cardAttachment, renderCard } from '../src/cards/render';
import { cardText, plainText } from '../src/cards/text';
import { addFlowDialogs, pickCustomerStep, pickedReservation, pickReservationStep, type FlowValues } from './flowSteps';
import { day, money } from '../src/cards/format';
import type { DeskServices } from './services';
import { USAGE_NOT_REPORTED } from './quoteFacts';
import { unquotableReason } from '../src/services/quoting';

export const OVERVIEW_DIALOG = 'reservation';

const percent = (v: string | undefined) => (v === undefined ? 'no data yet' : `${v}%`);

/** /reservation: customer → reservation → overview (expiry, scope, utilization, IDs, portal link). */
export class OverviewDialog extends ComponentDialog {
  constructor(private readonly services: DeskServices) {
    super(OVERVIEW_DIALOG);
    addFlowDialogs(this, services);
    this.addDialog(new WaterfallDialog('overviewFlow', [pickCustomerStep(), pickReservationStep('overview'), this.showOverview.bind(this)]));
    this.initialDialogId = 'overviewFlow';
  }

  private async showOverview(step: WaterfallStepContext): Promise<DialogTurnResult> {
    (step.values as FlowValues).reservationId = step.result as string | undefined;
    const r = await pickedReservation(this.services, step, 'overview');
    if (!r) return step.endDialog();
    const card = renderCard('reservation-overview', {
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
    });
    await step.context.sendActivity({ type: 'message', attachments: [cardAttachment(card)] });
    return step.endDialog();
  }
}
