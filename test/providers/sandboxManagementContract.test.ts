import { createSandboxProvider } from '../../src/providers/sandbox';
import { sandboxSubscriptionId } from '../../src/providers/sandbox/management';
import { describeManagementContract } from './contract/managementContract';

describeManagementContract('sandbox', async () => {
  const provider = createSandboxProvider({ now: '2026-06-15T10:00:00Z' });
  const customerId = (await provider.directory.searchCustomers('alder', 0, 1)).items[0].id;
  const reservation = (await provider.reservations.listReservations(customerId)).find((r) => r.displayName === 'af-web-d4s-fresh')!;
  return {
    provider,
    customerId,
    reservationId: reservation.reservationId,
    userPrincipalName: 'finance@alderfinch.onmicrosoft.com',
    foreignSubscriptionId: sandboxSubscriptionId('brightwater', 'apps'),
  };
});
