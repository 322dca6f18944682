import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..');

/** The lint configuration enforces the layers of docs/architecture.md: each case is an import that must be refused. */
describe('lint: layer boundaries', function () {
  this.timeout(60_000);
  const eslint = new ESLint({ cwd: ROOT });

  async function layeringErrors(file: string, source: string): Promise<string[]> {
    const [result] = await eslint.lintText(source, { filePath: join(ROOT, file) });
    return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  }

  const refused: Array<[string, string]> = [
    ['src/domain/example.ts', "import { readFileSync } from 'node:fs';"],
    ['src/domain/example.ts', "import { RedisCapLedger } from '../store/redis/capLedger';"],
    ['dialogs/example.ts', "import { teamsChannel } from '../src/channels/teams/teamsChannel';"],
    ['dialogs/example.ts', "import { createSandboxProvider } from '../src/providers/sandbox';"],
    ['src/providers/sandbox/example.ts', "import { DeskBot } from '../../../dialogs/deskBot';"],
    ['src/services/example.ts', "import Redis from 'ioredis';"],
    ['src/store/redis/example.ts', "import { filing } from '../../services/filing';"],
    ['src/channels/slack/example.ts', "import { refundDialog } from '../../../dialogs/refundDialog';"],
    ['src/metrics/example.ts', "import { FilingService } from '../services/filing';"],
    ['src/ports/example.ts', "import { register } from 'prom-client';"],
  ];
  for (const [file, line] of refused) {
    it(`refuses in ${file}: ${line}`, async () => {
      const errors = await layeringErrors(file, `${line}\nexport const used = [];\n`);
      assert.equal(errors.length, 1, `expected one layering error, got ${JSON.stringify(errors)}`);
      assert.match(errors[0]!, /Layering: /);
    });
  }

  it('allows what each layer may use', async () => {
    assert.deepEqual(
      await layeringErrors(
        'src/domain/example.ts',
        "import { AppError } from '../errors';\nimport Decimal from 'decimal.js';\nexport const used = [AppError, Decimal];\n",
      ),
      [],
    );
    assert.deepEqual(await layeringErrors('dialogs/example.ts', "import type { Clock } from '../src/ports/clock';\nexport type Used = Clock;\n"), []);
  });
});
