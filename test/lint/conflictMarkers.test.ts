import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
/** A line git writes into a file it could not merge (`=======` alone is a Markdown heading underline too, so it needs a neighbour). */
const MARKER = /^(<{7}|>{7})( |$)/m;

const SKIPPED = new Set(['node_modules', 'dist', '.git', 'test-output', 'build']);

function projectTextFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : projectTextFiles(full);
    return /\.(ts|js|mjs|json|md|html|css|yml|yaml|sh)$|^run$/.test(entry.name) ? [full] : [];
  });
}

describe('merge conflict markers', () => {
  it('the check spots a leftover marker and not an ordinary line', () => {
    assert.ok(MARKER.test('text\n<<<<<<< HEAD\nmore'));
    assert.ok(MARKER.test('>>>>>>> branch'));
    assert.ok(!MARKER.test('a << b >> c\n=======\n'));
  });

  it('no source, test, card, manifest, script or doc file holds one', () => {
    const marked = projectTextFiles(ROOT).filter((file) => MARKER.test(readFileSync(file, 'utf8')));
    assert.deepEqual(
      marked.map((file) => path.relative(ROOT, file)),
      [],
    );
  });
});
