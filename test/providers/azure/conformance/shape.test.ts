import { strict as assert } from 'node:assert';
import { missingPaths, shapeProblems } from './shape';

describe('conformance shape checker', () => {
  const example = {
    properties: { expiryDate: '2026-09-22', expiryDateTime: '2026-09-22T22:46:32Z', total: { currencyCode: 'USD', amount: 46 } },
    items: [{ a: 1 }, { b: 'x' }],
    nextLink: null,
  };

  it('accepts the example’s own shape, a subset of it and nulls', () => {
    assert.deepEqual(shapeProblems(example, example), []);
    assert.deepEqual(
      shapeProblems({ properties: { expiryDate: '2027-01-01', total: null }, items: [{ b: 'y' }, { a: 2 }], nextLink: 'https://x/next' }, example),
      [],
    );
  });

  it('names a date-time where the example has a date, an amount as a string, and a field the example lacks', () => {
    assert.deepEqual(shapeProblems({ properties: { expiryDate: '2026-09-22T00:00:00Z', total: { currencyCode: 'USD', amount: '46' }, msrp: {} } }, example), [
      '$.properties.expiryDate: date-time where the example has a date',
      '$.properties.total.amount: string where the example has a number',
      '$.properties.msrp: not in the example',
    ]);
    assert.deepEqual(shapeProblems({ items: [{ a: 'one' }] }, example), ['$.items[0].a: string where the example has a number']);
  });

  it('names the fields a request must carry that are missing', () => {
    assert.deepEqual(missingPaths({ sku: { name: 'D1' }, properties: { term: null } }, ['sku.name', 'properties.term', 'location']), [
      'properties.term',
      'location',
    ]);
  });
});
