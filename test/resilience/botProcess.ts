import { deskClient } from './deskStandIn';
import { startInstance } from './instance';

/**
 * A bot instance in a process of its own (the resilience suite kills it). With DIE_AFTER_TICKET=1 it dies by
 * SIGKILL the moment the support desk has created a ticket, before the request record says so.
 */
async function main(): Promise<void> {
  const env = process.env;
  const dieAfterTicket = env.DIE_AFTER_TICKET === '1' ? () => process.kill(process.pid, 'SIGKILL') : undefined;
  const { url } = await startInstance({
    redisUrl: env.REDIS_URL!,
    prefix: env.REDIS_KEY_PREFIX!,
    supportDesk: deskClient(env.DESK_URL!, { afterTicket: dieAfterTicket }),
  });
  process.stdout.write(`listening ${url}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
