import assert from 'node:assert/strict';
import { randomText } from '../src/randomText';

describe('randomText: unguessable ids from pooled CSPRNG bytes', () => {
  it('gives base64url text of the asked number of bytes, never the same twice across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = randomText(16);
      assert.match(id, /^[A-Za-z0-9_-]{22}$/);
      assert.ok(!seen.has(id), 'an id handed out twice');
      seen.add(id);
    }
    assert.match(randomText(12), /^[A-Za-z0-9_-]{16}$/);
  });

  it('draws larger ids straight from the CSPRNG', () => {
    const big = randomText(8192);
    assert.equal(Buffer.from(big, 'base64url').length, 8192);
    assert.notEqual(big, randomText(8192));
  });

  it('spreads its bytes evenly (no byte value over-represented)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 4000; i++) for (const byte of Buffer.from(randomText(16), 'base64url')) counts[byte]++;
    // 64,000 bytes: 250 expected per value; a fixed or patterned pool would put thousands on a few values.
    assert.ok(Math.max(...counts) < 400 && Math.min(...counts) > 130, `${Math.min(...counts)}..${Math.max(...counts)}`);
  });
});
