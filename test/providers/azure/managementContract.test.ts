import { describeManagementContract } from '../contract/managementContract';
import { startHarness } from './standIn/harness';
import { MANAGED_USERS, ManagementWorld, seedManagement } from './standIn/managementWorld';
import { IDS } from './standIn/seed';

describeManagementContract('azure (stand-in)', async () => {
  const h = await startHarness();
  const world = new ManagementWorld(h.world);
  h.world.extensions.push(world.handle);
  seedManagement(world);
  return {
    provider: h.provider,
    customerId: IDS.contoso.id,
    reservationId: IDS.reservations.contosoVm,
    userPrincipalName: MANAGED_USERS.finance.userPrincipalName,
    foreignSubscriptionId: IDS.subscriptions.fabrikam,
    dispose: () => h.dispose(),
  };
});
