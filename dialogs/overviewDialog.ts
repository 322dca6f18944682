import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { cardText, plainText } from '../src/cards/text';
import { CARD_PROMPT, type CardAnswer } from './cardPrompt';
import { pickCustomerStep, pickedReservation, pickReservationStep, type FlowOptions, type FlowValues } from './flowSteps';
import type { FlowSwitch } from './refundDialog';
import { FlowWaterfall } from './flowWaterfall';
import { day, decimal, money } from '../src/cards/format';
import { t, type Locale, type MessageKey } from '../src/i18n';
import { turnLocale } from './language';
import type { DeskServices } from './services';
import { unquotableReason } from '../src/services/quoting';

export const OVERVIEW_DIALOG = 'reservation';

const MANAGE_FLOWS: ReadonlyArray<FlowSwitch['switchTo']> = ['scope', 'renew', 'access', 'rename'];

/** A utilization percentage as Azure reports it ("10.2"), in the language's notation; none yet said so. */
function percent(value: string | undefined, locale: Locale): string {
  return value === undefined ? t(locale, 'overview.noData') : t(locale, 'overview.percent', { value: decimal(value, locale) });
}

/** /reservation: customer → reservation → overview (expiry, scope, utilization, IDs, portal link), with buttons to manage it. */
export class OverviewDialog extends FlowWaterfall<FlowOptions> {
  constructor(private readonly services: DeskServices) {
    super(OVERVIEW_DIALOG);
    this.addStep(pickCustomerStep());
    this.addStep(pickReservationStep('overview'));
    this.addStep(this.showOverview.bind(this));
    this.addStep(this.takeAction.bind(this));
  }

  private async showOverview(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    (step.values as FlowValues).reservationId = step.result as string | undefined;
    const r = await pickedReservation(this.services, step, 'overview');
    if (!r) return step.endDialog();
    const locale = turnLocale(step.context);
    const fact = (key: MessageKey, value: string) => ({ title: t(locale, key), value });
    return step.beginDialog(CARD_PROMPT, {
      card: 'reservation-overview',
      help: t(locale, 'overview.help'),
      subject: { customerId: r.customerId, reservationId: r.reservationId },
      data: {
        name: cardText(r.displayName, 80),
        summary: plainText(t(locale, 'overview.summary', { name: r.displayName }), 150),
        customerName: cardText((step.values as FlowValues).customer!.name, 80),
        portalUrl: r.portalUrl.startsWith('https://') ? r.portalUrl : '',
        facts: [
          fact('overview.fact.reservationId', cardText(r.reservationId, 80)),
          fact('overview.fact.reservationOrderId', cardText(r.reservationOrderId, 80)),
          fact('overview.fact.product', cardText(`${r.sku} · ${r.reservedResourceType} · ${r.region}`, 160)),
          fact(
            'overview.fact.quantity',
            r.returnedQuantity ? t(locale, 'overview.quantityReturned', { quantity: r.quantity, returned: r.returnedQuantity }) : String(r.quantity),
          ),
          // Term and billing plan are Azure's own codes (P1Y, Upfront), the same in every language.
          fact('overview.fact.term', `${r.term}, ${r.billingPlan}`),
          fact('overview.fact.benefitStart', day(r.benefitStart, locale)),
          fact('overview.fact.expiry', day(r.expiry, locale)),
          // Azure's scope type by its German name where it is one of the four; any other value as Azure wrote it.
          fact('overview.fact.scope', cardText(t(locale, 'overview.scope', { scope: r.scope }), 80)),
          fact('overview.fact.state', cardText(r.state, 40)),
          fact(
            'overview.fact.utilization',
            r.usageReported
              ? t(locale, 'overview.utilization', {
                  day1: percent(r.utilization.day1, locale),
                  day7: percent(r.utilization.day7, locale),
                  day30: percent(r.utilization.day30, locale),
                })
              : t(locale, 'overview.usageNotReported'),
          ),
          // Money Azure contradicts itself about is not shown as if it were true: the reason is.
          ...(r.figuresProblem
            ? [fact('overview.fact.figures', cardText(unquotableReason(r)!, 300))]
            : [
                fact('overview.fact.totalCommitment', money(r.totalCommitment, r.currency, locale)),
                fact('overview.fact.paidToDate', money(r.paidToDate, r.currency, locale)),
              ]),
        ],
      },
    });
  }

  /** A manage button hands over to that flow for this reservation; the card is closed with the choice shown. */
  private async takeAction(step: WaterfallStepContext<FlowOptions>): Promise<DialogTurnResult> {
    const answer = step.result as CardAnswer;
    const values = step.values as FlowValues;
    const flow = answer.kind === 'action' && answer.action.action === 'manage' ? MANAGE_FLOWS.find((f) => f === answer.action.value) : undefined;
    if (!flow) return step.endDialog();
    return step.endDialog({
      switchTo: flow,
      options: { customer: values.customer, reservationId: values.reservationId } satisfies FlowOptions,
    } satisfies FlowSwitch);
  }
}
