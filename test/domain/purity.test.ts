import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** ARCHITECTURE.md: the domain imports nothing that does I/O and never reads the clock. */
describe('src/domain purity', () => {
  const domainDir = join(__dirname, '..', '..', 'src', 'domain');
  const files = readdirSync(domainDir).filter((name) => name.endsWith('.ts'));
  const allowedPackages = new Set(['decimal.js', 'zod']);

  it('imports only domain modules, src/errors and pure packages', () => {
    assert.ok(files.length > 0);
    for (const file of files) {
      const source = readFileSync(join(domainDir, file), 'utf8');
      for (const [, specifier] of source.matchAll(/(?:from|require\()\s*'([^']+)'/g)) {
        const allowed = specifier!.startsWith('./') || specifier === '../errors' || allowedPackages.has(specifier!);
        assert.ok(allowed, `${file} imports ${specifier}`);
      }
    }
  });

  it('never reads the clock', () => {
    for (const file of files) {
      const source = readFileSync(join(domainDir, file), 'utf8');
      assert.doesNotMatch(source, /Date\.now\(|new Date\(\)|performance\.now\(/, file);
    }
  });
});
