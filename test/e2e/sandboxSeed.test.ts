import assert from 'node:assert/strict';
import { dropPrefix, startBot, testPrefix } from './teamsApp';

describe('sandbox refund history on a persistent Redis', function () {
  this.timeout(30000);
  it("counts the history from the sandbox's today on every start, whatever day an earlier start seeded it on", async () => {
    const prefix = testPrefix();
    const brightwaterConsumed = async (clock: string) => {
      const bot = await startBot({ REDIS_KEY_PREFIX: prefix, SANDBOX_CLOCK: clock });
      try {
        const [customer] = (await bot.app.services.provider.directory.searchCustomers('brightwater', 0, 1)).items;
        return (await bot.app.services.capLedger.consumed(customer.id, new Date(clock))).toFixed(2);
      } finally {
        await bot.app.close();
      }
    };
    try {
      assert.equal(await brightwaterConsumed('2026-06-15T10:00:00Z'), '46500.00');
      assert.equal(await brightwaterConsumed('2026-03-10T12:00:00Z'), '46500.00', 'an earlier day on the same Redis');
      assert.equal(await brightwaterConsumed('2027-01-20T08:00:00Z'), '46500.00', 'a later day on the same Redis');
    } finally {
      await dropPrefix(prefix);
    }
  });
});
