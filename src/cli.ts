import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, writeErrorLine, type CliCommand, type CliIo } from './cli/command';
import { createExportCommand } from './cli/export';
import { quoteCommand } from './cli/quote';
import { createAuditCommand } from './cliAudit';
import { loadConfig } from './config';
import { ConfigError } from './errors';
import { connectRedis } from './store/redis/connect';
import { RedisAuditTrail } from './store/redis/auditTrail';
import { RedisRequestStore } from './store/redis/requestStore';

/** `audit` reads the trail of the deployment the environment names (REDIS_URL and REDIS_KEY_PREFIX). */
const auditCommand = createAuditCommand(async () => {
  const config = loadConfig();
  if (!config.redisUrl) throw new ConfigError('REDIS_URL', 'REDIS_URL is not set: without Redis the audit trail lives only inside the running bot.');
  const redis = connectRedis(config.redisUrl, config.redisCluster, { commandTimeoutMs: config.redisCommandTimeoutMs });
  // Connection failures surface as the command's error; ioredis would otherwise also print them as unhandled.
  redis.on('error', () => undefined);
  return { audit: new RedisAuditTrail(redis, { prefix: config.redisKeyPrefix }), close: async () => void (await redis.quit().catch(() => redis.disconnect())) };
});

/** `export` reads the requests of the deployment the environment names, as `audit` reads its trail. */
const exportCommand = createExportCommand(async () => {
  const config = loadConfig();
  if (!config.redisUrl) throw new ConfigError('REDIS_URL', 'REDIS_URL is not set: without Redis the requests live only inside the running bot.');
  const redis = connectRedis(config.redisUrl, config.redisCluster);
  redis.on('error', () => undefined);
  return {
    requests: new RedisRequestStore(redis, { prefix: config.redisKeyPrefix }),
    close: async () => void (await redis.quit().catch(() => redis.disconnect())),
  };
});

/**
 * The `reservation-desk` command: a dispatcher over a table of subcommands. bin/reservation-desk.js calls
 * `main` and exits with the code it resolves to.
 */

export type { CliCommand, CliIo } from './cli/command';

/** Every subcommand, in the order `--help` lists them. A new subcommand is one more entry here. */
export const COMMANDS: readonly CliCommand[] = [quoteCommand, auditCommand, exportCommand];

function usage(): string {
  return `Usage: reservation-desk <command> [options]\n\nCommands:\n${COMMANDS.map(
    (command) => `  ${command.name} ${command.synopsis}\n      ${command.summary}\n`,
  ).join('')}`;
}

function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(usage());
    return EXIT_USAGE;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(usage());
    return EXIT_OK;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`reservation-desk: unknown command ${JSON.stringify(name)}\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    // A configuration problem is the caller's to fix (exit 2, like bad arguments); anything else is a failure.
    if (error instanceof ConfigError) {
      writeErrorLine(io, command.name, error.message.replace(/\s*\n\s*/g, ' '));
      return EXIT_USAGE;
    }
    writeErrorLine(io, command.name, `failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILURE;
  }
}
