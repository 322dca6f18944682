import assert from 'node:assert/strict';
import { findLimitViolations, renderCardToBlockKit } from '../../src/channels/slack/blockKit';
import { withLiteralDisplayText } from '../../src/cards/text';
import { cardSamples, renderSample } from './cardSamples';

/** The refund and exchange path's cards, as Slack shows them: the same templates through the Block Kit renderer. */
const PATH_CARDS = new Set(['reservation-picker', 'refund-quote', 'replacement-picker', 'exchange-quote', 'confirm', 'receipt']);

describe('the refund path\'s German cards in Slack (Block Kit)', () => {
  for (const sample of cardSamples().filter((s) => PATH_CARDS.has(s.card) && s.variant.startsWith('German'))) {
    it(`${sample.card} (${sample.variant}) renders within Slack's limits, in German`, () => {
      const message = renderCardToBlockKit(withLiteralDisplayText(renderSample(sample, 'de')));
      assert.deepEqual(findLimitViolations(message), []);
      const shown = JSON.stringify(message);
      const german = /Reservierung|Kalkulation|Ersatz|Antrag|Einheiten|Gutschrift/;
      assert.match(shown, german, 'German words reach Slack');
      assert.doesNotMatch(shown, /Refund quote|Exchange quote|Choose the replacement|File request|Refund request filed/, 'no English card words left');
    });
  }

  it('shows the confirm card\'s German note that the ticket is written in English', () => {
    const sample = cardSamples().find((s) => s.card === 'confirm' && s.variant === 'German, ticket in English, open')!;
    const message = renderCardToBlockKit(withLiteralDisplayText(renderSample(sample, 'de')));
    assert.match(JSON.stringify(message), /Die Supportanfrage an Microsoft wird auf Englisch verfasst/);
  });
});
