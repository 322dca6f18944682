import assert from 'node:assert/strict';
import { cardText, literalCardText, withLiteralDisplayText } from '../../src/cards/text';

describe('literal card text (for hosts without markdown)', () => {
  it('undoes cardText escaping exactly', () => {
    for (const s of ['Standard_E8s_v5', '**bold** [x](y)', '# heading', '- list', '1. item', 'a\\b', '<@U1> ~x~ `c` |t|']) {
      assert.equal(literalCardText(cardText(s, 500)), s);
    }
  });

  it('unescapes display texts and facts only, never action data or inputs', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: cardText('a_b') },
        { type: 'FactSet', facts: [{ title: cardText('t_1'), value: cardText('v*2') }] },
        { type: 'Input.Text', id: 'x', value: 'keep\\_this' },
      ],
      actions: [{ type: 'Action.Submit', title: 'Go', data: { label: 'keep\\_too' } }],
    };
    const literal = withLiteralDisplayText(card);
    assert.equal(literal.body[0].text, 'a_b');
    assert.deepEqual(literal.body[1].facts, [{ title: 't_1', value: 'v*2' }]);
    assert.equal(literal.body[2].value, 'keep\\_this');
    assert.equal(literal.actions[0].data.label, 'keep\\_too');
    assert.equal(card.body[0].text, 'a\\_b', 'the original card is not changed');
  });
});
