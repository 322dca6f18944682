import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { main } from '../../src/cli';
import { MAX_INPUT_BYTES } from '../../src/cli/input';
import { SPEC_EXAMPLE_INPUT, SPEC_EXAMPLE_OUTPUT } from '../domain/contractInput';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs main() in-process with injected streams. */
async function runCli(argv: string[], stdinText = ''): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: Readable.from([Buffer.from(stdinText, 'utf8')]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

const quoteFromStdin = (input: unknown) => runCli(['quote', '--input', '-'], typeof input === 'string' ? input : JSON.stringify(input));

type Json = Record<string, unknown>;
const example = SPEC_EXAMPLE_INPUT as Json & { reservation: Json };

/** The SPEC example with top-level and reservation fields replaced (undefined removes a field). */
function variant(top: Json, reservation: Json = {}): Json {
  const merged: Json = { ...example, ...top, reservation: { ...example.reservation, ...reservation } };
  for (const [key, value] of Object.entries(top)) if (value === undefined) delete merged[key];
  const res = merged.reservation as Json;
  for (const [key, value] of Object.entries(reservation)) if (value === undefined) delete res[key];
  return merged;
}

const exchange = (replacement: unknown, reservation: Json = {}) => variant({ kind: 'exchange', capConsumedUsd: undefined, replacement }, reservation);

function assertMalformed(result: CliResult, mentions: RegExp): void {
  assert.equal(result.code, 2, `exit code; stderr: ${result.stderr}`);
  assert.equal(result.stdout, '', 'nothing on stdout');
  assert.match(result.stderr, /^reservation-desk quote: [^\n]+\n$/, 'exactly one line on stderr');
  assert.match(result.stderr, mentions);
}

describe('reservation-desk quote (CLI)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'reservation-desk-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('quotes', () => {
    it('reads a file and prints the SPEC example as one JSON object', async () => {
      const file = join(dir, 'example.json');
      writeFileSync(file, JSON.stringify(SPEC_EXAMPLE_INPUT, null, 2));
      const result = await runCli(['quote', '--input', file]);
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stderr, '');
      assert.equal(result.stdout, `${JSON.stringify(SPEC_EXAMPLE_OUTPUT)}\n`);
    });

    it('reads standard input with --input - (and --input=-)', async () => {
      for (const argv of [
        ['quote', '--input', '-'],
        ['quote', '--input=-'],
      ]) {
        const result = await runCli(argv, JSON.stringify(SPEC_EXAMPLE_INPUT));
        assert.equal(result.code, 0, result.stderr);
        assert.deepStrictEqual(JSON.parse(result.stdout), SPEC_EXAMPLE_OUTPUT);
      }
    });

    it('quotes the SPEC example input as an exchange when only its kind changes (the cap figure is not used)', async () => {
      const result = await quoteFromStdin(JSON.stringify({ ...SPEC_EXAMPLE_INPUT, kind: 'exchange' }));
      assert.equal(result.code, 0, result.stderr);
      const quote = JSON.parse(result.stdout);
      // remainingCommitment = round(6000 − 164.38…) = 5835.62; the 9000.00 replacement is above it.
      assert.deepEqual(
        {
          kind: quote.kind,
          eligible: quote.eligible,
          credit: quote.credit,
          remainingCommitment: quote.remainingCommitment,
          newTotal: quote.newTotal,
          netPayable: quote.netPayable,
        },
        { kind: 'exchange', eligible: true, credit: '5835.62', remainingCommitment: '5835.62', newTotal: '9000.00', netPayable: '3164.38' },
      );
      assert.equal('capRemainingUsd' in quote, false);
    });

    it('never echoes the input in an error, and refuses absurd nesting as malformed', async () => {
      const secretish = await quoteFromStdin('root:x:0:0:do-not-print-me');
      assertMalformed(secretish, /not valid JSON/);
      assert.ok(!secretish.stderr.includes('do-not-print-me'));
      const deep = await quoteFromStdin(`${'['.repeat(100000)}${']'.repeat(100000)}`);
      assert.equal(deep.code, 2, deep.stderr);
      assert.equal(deep.stdout, '');
    });

    it('accepts a UTF-8 byte-order mark', async () => {
      const result = await quoteFromStdin(`\uFEFF${JSON.stringify(SPEC_EXAMPLE_INPUT)}`);
      assert.equal(result.code, 0, result.stderr);
    });

    it('quotes a time earlier in the day than the benefit start, on the same UTC date, as day 0 (SPEC section 3)', async () => {
      // Bought at 08:00 UTC, quoted at 07:59:59 by a clock a little behind: day 0, one day used, full credit within 5 days.
      const result = await quoteFromStdin(variant({ asOf: '2026-03-01T07:59:59Z' }, { usageSeen: false }));
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.deepEqual(
        { eligible: json.eligible, daysSincePurchase: json.daysSincePurchase, usedDays: json.usedDays, rule: json.rule, credit: json.credit },
        { eligible: true, daysSincePurchase: 0, usedDays: 1, rule: 'full-credit', credit: '6000.00' },
      );
      const midnight = JSON.parse((await quoteFromStdin(variant({ asOf: '2026-03-01T00:00:00Z' }))).stdout);
      assert.equal(midnight.daysSincePurchase, 0);
    });

    it('exits 0 for an ineligible quote too', async () => {
      const result = await quoteFromStdin(variant({}, { state: 'Cancelled' }));
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.equal(json.eligible, false);
      assert.deepStrictEqual(json.reasons, ['cancelled']);
    });

    it('quotes an exchange', async () => {
      const result = await quoteFromStdin(exchange({ totalCommitment: '9000.00', currency: 'EUR' }));
      assert.equal(result.code, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout).netPayable, '3164.38');
    });

    it('applies the defaults: policy csp-2020, whole quantity, no cap consumed, usdRate 1 for USD', async () => {
      // 2 units of 12000.00 USD, whole quantity returned: paid 12000.00, used = 12000 × 10/365 = 328.77,
      // credit 11671.23, fee = round(1400.5476) = 1400.55, net = 10270.68.
      const input = variant({ policy: undefined, capConsumedUsd: undefined }, { returnQuantity: undefined, currency: 'USD', usdRate: undefined });
      const result = await quoteFromStdin(input);
      assert.equal(result.code, 0, result.stderr);
      const json = JSON.parse(result.stdout);
      assert.equal(json.policy, 'csp-2020');
      assert.equal(json.paid, '12000.00');
      assert.equal(json.credit, '11671.23');
      assert.equal(json.net, '10270.68');
      assert.equal(json.netUsd, '10270.68');
      assert.equal(json.capConsumedUsd, '0.00');
      assert.equal(json.refundUsd, json.refund);
    });

    it('takes a usdRate with many decimals', async () => {
      // 5135.35 × 1.0812345678 = 5552.51793775173 → 5552.52.
      const result = await quoteFromStdin(variant({}, { usdRate: '1.0812345678' }));
      assert.equal(result.code, 0, result.stderr);
      assert.equal(JSON.parse(result.stdout).netUsd, '5552.52');
    });

    it('reads input of exactly 1 MiB', async () => {
      const text = JSON.stringify(SPEC_EXAMPLE_INPUT);
      const result = await quoteFromStdin(text + ' '.repeat(MAX_INPUT_BYTES - Buffer.byteLength(text)));
      assert.equal(result.code, 0, result.stderr);
    });
  });

  describe('malformed input: exit 2, one line on stderr, nothing on stdout', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['bad JSON', '{"kind": "refund",', /not valid JSON/],
      ['empty input', '', /not valid JSON/],
      ['a JSON array', '[]', /input: must be a JSON object/],
      ['unknown kind', variant({ kind: 'cancel' }), /kind: must be one of refund, exchange/],
      ['unknown policy', variant({ policy: 'csp-2019' }), /policy: must be one of csp-2020, azure-2023/],
      ['unknown term', variant({}, { term: 'P2Y' }), /reservation\.term: must be one of P1Y, P3Y, P5Y/],
      ['unknown billing plan', variant({}, { billingPlan: 'Yearly' }), /reservation\.billingPlan/],
      ['missing asOf', variant({ asOf: undefined }), /asOf: is required/],
      ['missing reservation', variant({ reservation: undefined }), /reservation: is required/],
      ['missing reservation field', variant({}, { usageSeen: undefined }), /reservation\.usageSeen: is required/],
      ['missing currency', variant({}, { currency: undefined }), /reservation\.currency: is required/],
      ['unknown field', variant({}, { returnQty: 1 }), /reservation\.returnQty: is not a field/],
      ['negative amount', variant({}, { totalCommitment: '-12000.00' }), /reservation\.totalCommitment: must be a non-negative decimal/],
      ['amount as a JSON number', variant({}, { totalCommitment: 12000 }), /reservation\.totalCommitment/],
      ['amount with a thousands separator', variant({}, { paidToDate: '12,000.00' }), /reservation\.paidToDate/],
      ['amount in exponent form', variant({}, { totalCommitment: '1.2e4' }), /reservation\.totalCommitment/],
      ['3 decimals in EUR', variant({}, { totalCommitment: '12000.001' }), /at most 2 decimals for EUR/],
      ['decimals in JPY', variant({}, { currency: 'JPY', totalCommitment: '1200000.5', paidToDate: '1200000' }), /no decimals for JPY/],
      ['3 decimals in capConsumedUsd', variant({ capConsumedUsd: '100.001' }), /capConsumedUsd: .*at most 2 decimals for USD/],
      ['negative capConsumedUsd', variant({ capConsumedUsd: '-1.00' }), /capConsumedUsd/],
      ['replacement decimals in its own currency', exchange({ totalCommitment: '9000.5', currency: 'JPY' }), /replacement\.totalCommitment: .*JPY/],
      ['zero quantity', variant({}, { quantity: 0 }), /reservation\.quantity: must be a positive whole number/],
      ['fractional quantity', variant({}, { quantity: 1.5 }), /reservation\.quantity/],
      ['quantity as a string', variant({}, { quantity: '2' }), /reservation\.quantity/],
      ['negative returnQuantity', variant({}, { returnQuantity: -1 }), /reservation\.returnQuantity/],
      ['returnQuantity above quantity', variant({}, { returnQuantity: 3 }), /reservation\.returnQuantity: is above reservation\.quantity/],
      ['asOf on the UTC date before benefitStart', variant({ asOf: '2026-02-28T23:59:59Z' }), /asOf: is on an earlier UTC date than reservation\.benefitStart/],
      ['asOf before benefitStart in another zone, on an earlier UTC date', variant({ asOf: '2026-03-01T00:30:00+01:00' }), /asOf: is on an earlier UTC date/],
      ['timestamp without a zone', variant({ asOf: '2026-03-10T12:00:00' }), /asOf: must be an ISO 8601 timestamp with a zone/],
      ['impossible date', variant({}, { benefitStart: '2026-02-30T08:00:00Z' }), /reservation\.benefitStart/],
      ['lower-case currency', variant({}, { currency: 'eur' }), /reservation\.currency: must be an ISO 4217/],
      ['four-letter currency', variant({}, { currency: 'EURO' }), /reservation\.currency/],
      ['zero usdRate', variant({}, { usdRate: '0' }), /reservation\.usdRate: must be a decimal string above zero/],
      ['negative usdRate', variant({}, { usdRate: '-1.08' }), /reservation\.usdRate/],
      ['usdRate missing for EUR', variant({}, { usdRate: undefined }), /reservation\.usdRate: is required for EUR/],
      ['usdRate other than 1 for USD', variant({}, { currency: 'USD', usdRate: '1.08' }), /reservation\.usdRate: must be 1 for USD/],
      ['Monthly without paidToDate', variant({}, { billingPlan: 'Monthly', paidToDate: undefined }), /reservation\.paidToDate: is required/],
      ['Monthly paidToDate above the commitment', variant({}, { billingPlan: 'Monthly', paidToDate: '12000.01' }), /reservation\.paidToDate: is above/],
      ['exchange without a replacement', exchange(undefined), /replacement: is required/],
      ['replacement with a bad currency', exchange({ totalCommitment: '9000.00', currency: 'euro' }), /replacement\.currency/],
      ['malformed replacement on a refund', variant({ replacement: { totalCommitment: '9000.001', currency: 'EUR' } }), /replacement\.totalCommitment/],
      [
        'malformed capConsumedUsd on an exchange',
        variant({ kind: 'exchange', capConsumedUsd: '-1', replacement: { totalCommitment: '9000.00', currency: 'EUR' } }),
        /capConsumedUsd/,
      ],
      ['empty state', variant({}, { state: '' }), /reservation\.state: must be a non-empty string/],
      ['usageSeen as a string', variant({}, { usageSeen: 'yes' }), /reservation\.usageSeen: must be true or false/],
    ];

    for (const [name, input, mentions] of cases) {
      it(name, async () => {
        assertMalformed(await quoteFromStdin(input), mentions);
      });
    }

    it('input over 1 MiB, even if it is valid JSON', async () => {
      const text = JSON.stringify(SPEC_EXAMPLE_INPUT);
      assertMalformed(await quoteFromStdin(text + ' '.repeat(MAX_INPUT_BYTES - Buffer.byteLength(text) + 1)), /larger than 1 MiB/);
    });

    it('an oversized file', async () => {
      const file = join(dir, 'big.json');
      writeFileSync(file, Buffer.alloc(MAX_INPUT_BYTES + 10, 0x20));
      assertMalformed(await runCli(['quote', '--input', file]), /larger than 1 MiB/);
    });

    it('bytes that are not UTF-8', async () => {
      const file = join(dir, 'latin1.json');
      writeFileSync(file, Buffer.from([0x7b, 0xe9, 0x7d]));
      assertMalformed(await runCli(['quote', '--input', file]), /not UTF-8/);
    });

    it('a file that does not exist', async () => {
      assertMalformed(await runCli(['quote', '--input', join(dir, 'missing.json')]), /does not exist/);
    });

    it('a long offending value is shortened, keeping one line', async () => {
      const result = await quoteFromStdin(variant({ policy: `csp\n${'x'.repeat(500)}` }));
      assertMalformed(result, /policy: must be one of/);
      assert.ok(result.stderr.length < 200, result.stderr);
    });
  });

  describe('arguments', () => {
    it('an unknown subcommand prints the usage on stderr and exits 2', async () => {
      const result = await runCli(['qoute', '--input', '-']);
      assert.equal(result.code, 2);
      assert.equal(result.stdout, '');
      assert.match(result.stderr, /unknown command "qoute"/);
      assert.match(result.stderr, /Usage: reservation-desk <command>/);
      assert.match(result.stderr, /quote --input FILE\|-/);
    });

    it('no subcommand prints the usage on stderr and exits 2', async () => {
      const result = await runCli([]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /Usage: reservation-desk <command>/);
    });

    it('quote without --input prints the usage on stderr and exits 2', async () => {
      for (const argv of [['quote'], ['quote', '--input'], ['quote', '--input='], ['quote', '--file', 'x'], ['quote', '--input', 'a', '--input', 'b']]) {
        const result = await runCli(argv);
        assert.equal(result.code, 2, argv.join(' '));
        assert.equal(result.stdout, '');
        assert.match(result.stderr, /Usage: reservation-desk quote --input FILE\|-/, argv.join(' '));
      }
    });

    it('--help prints the usage on stdout and exits 0', async () => {
      const top = await runCli(['--help']);
      assert.equal(top.code, 0);
      assert.match(top.stdout, /quote --input FILE\|-/);
      const quote = await runCli(['quote', '--help']);
      assert.equal(quote.code, 0);
      assert.match(quote.stdout, /Usage: reservation-desk quote --input FILE\|-/);
    });
  });

  it('a real process exits with the codes main() returns', async () => {
    const entry = join(__dirname, 'fixtures', 'reservationDesk.ts');
    const run = (stdinText: string) =>
      new Promise<CliResult>((resolve, reject) => {
        const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entry, 'quote', '--input', '-'], {
          cwd: join(__dirname, '..', '..'),
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk) => (stdout += chunk));
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
        child.stdin.end(stdinText);
      });
    const [good, bad] = await Promise.all([run(JSON.stringify(SPEC_EXAMPLE_INPUT)), run('{"kind":')]);
    assert.equal(good.code, 0, good.stderr);
    assert.deepStrictEqual(JSON.parse(good.stdout), SPEC_EXAMPLE_OUTPUT);
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^reservation-desk quote: input is not valid JSON[^\n]*\n$/);
  });
});
