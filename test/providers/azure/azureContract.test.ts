import type { Provider } from '../../../src/ports/provider';
import type { SupportDesk } from '../../../src/ports/supportDesk';
import { MemoryRequestStore } from '../../../src/store/memory/requestStore';
import { describeProviderContract, type ProviderFixture } from '../contract/providerContract';
import { TEAMS_IDENTITY, startHarness } from './standIn/harness';

/**
 * The shared provider contract, run against the azure provider backed by the stand-in. The fixture plays the
 * bot's filing service around the support desk (record the request, file, mark it filed), because the azure
 * credit feed watches the request store, and settles credits the way Microsoft would: ticket closed,
 * reservation cancelled.
 */
describeProviderContract('azure (stand-in)', async (): Promise<ProviderFixture> => {
  const store = new MemoryRequestStore();
  const h = await startHarness({ filedRequests: store });
  const real = h.provider;

  const supportDesk: SupportDesk = {
    problemClassificationId: () => real.supportDesk.problemClassificationId(),
    getTicket: (tenant, ticketId) => real.supportDesk.getTicket(tenant, ticketId),
    findTicket: (tenant, requestKey) => real.supportDesk.findTicket(tenant, requestKey),
    fileTicket: async (request) => {
      const ticket = await real.supportDesk.fileTicket(request);
      const reservation = request.reservationId ? await real.reservations.getReservation(request.customerId, request.reservationId) : undefined;
      if (reservation && request.expectedCredit) {
        const at = new Date();
        const { record } = await store.create(
          {
            key: request.requestKey,
            kind: 'refund',
            customerId: request.customerId,
            customerName: request.customerId,
            customerTenantId: request.customerTenantId,
            reservationId: reservation.reservationId,
            reservationOrderId: reservation.reservationOrderId,
            quote: {
              kind: 'refund',
              policy: 'csp-2020',
              eligible: true,
              reasons: [],
              currency: request.expectedCredit.currency,
              daysSincePurchase: 0,
              termDays: 365,
              usedDays: 1,
              refund: request.expectedCredit.amount,
            },
            capUsd: '0.00',
            agent: { partnerUserId: 'ava.lindqvist', chatUserId: 'contract' },
            origin: { channel: 'teams', conversation: {} },
          },
          at,
        );
        if (record.state === 'filing') await store.transition(record.id, 'filed', { ticketId: ticket.ticketId }, at);
      }
      return ticket;
    },
  };

  const provider: Provider = { ...real, supportDesk };
  return {
    provider,
    knownIdentity: TEAMS_IDENTITY,
    creditFiledTickets: async () => {
      for (const request of await store.listFiled()) {
        h.world.closeTicket(request.customerTenantId, request.ticketId!);
        h.world.cancelReservation(request.reservationId);
      }
    },
    dispose: () => h.dispose(),
  };
});
