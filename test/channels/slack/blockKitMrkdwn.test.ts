import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ELLIPSIS, emphasizeLines, fitText, mrkdwnLiteral, normalizeData, plainLiteral, singleLine } from '../../../src/channels/slack/blockKit/mrkdwn';

/** Undoes mrkdwnLiteral: drops the invisible characters it inserts, maps look-alikes back, unescapes entities. */
function readBack(neutral: string): string {
  const lookalikes: Record<string, string> = {
    '\u2217': '*',
    '\u02CD': '_',
    '\u223C': '~',
    '\u02CB': '`',
    '\uFE61': '\uFF0A',
    '\u2E0F': '\uFF3F',
    '\u2035': '\uFF40',
  };
  let text = '';
  for (const char of neutral.replace(/[\u200B\u00AD]/g, '')) text += lookalikes[char] ?? char;
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Characters that matter to Slack, mixed with ordinary and awkward ones. */
const SLACK_ALPHABET = [
  'a',
  'Z',
  '0',
  ' ',
  '\u00A0',
  '\u3000',
  '\n',
  '\r',
  '\t',
  '&',
  '<',
  '>',
  '!',
  '@',
  '#',
  '|',
  ':',
  '*',
  '_',
  '~',
  '`',
  '^',
  '-',
  '+',
  "'",
  '\uFF0A',
  '\uFF3F',
  '\uFF40',
  '\uFF1E',
  'é',
  'ש',
  'م',
  '🎉',
  '👩‍👧',
  '\u202E',
  '\u2067',
  '\u200F',
  '\u0000',
  '$',
  '{',
  '}',
  'channel',
  'here',
  'everyone',
  'skull',
  'http://',
  'amp;',
  'lt;',
];
const slackText = fc.string({ unit: fc.constantFrom(...SLACK_ALPHABET), maxLength: 60 });

describe('Block Kit text: escaping and neutralising data', () => {
  it('escapes &, < and > as Slack documents, in plain and mrkdwn text', () => {
    const data = 'Tom & Jerry <!channel> <@U1> <#C1> <https://evil|click> &amp;';
    const escaped = 'Tom &amp; Jerry &lt;!channel&gt; &lt;@U1&gt; &lt;#C1&gt; &lt;https://evil|click&gt; &amp;amp;';
    assert.equal(plainLiteral(data), escaped);
    assert.equal(mrkdwnLiteral(data), escaped);
  });

  it('swaps mrkdwn markers for look-alikes in mrkdwn and leaves them alone in plain text', () => {
    assert.equal(mrkdwnLiteral('*b* _i_ ~s~ `c`'), '\u2217b\u2217 \u02CDi\u02CD \u223Cs\u223C \u02CBc\u02CB');
    assert.equal(mrkdwnLiteral('＊b＊ ＿i＿ ｀c｀'), '\uFE61b\uFE61 \u2E0Fi\u2E0F \u2035c\u2035');
    assert.equal(plainLiteral('*b* _i_ ~s~ `c`'), '*b* _i_ ~s~ `c`');
  });

  it('stops a line of data from starting a block quote, however it is written', () => {
    assert.equal(mrkdwnLiteral('>quote'), '\u00AD&gt;quote');
    assert.equal(mrkdwnLiteral('a\n  > b\n＞ c\nd > e\n\u00A0\u3000>f'), 'a\n  \u00AD&gt; b\n\u00AD＞ c\nd &gt; e\n\u00A0\u3000\u00AD&gt;f');
  });

  it('breaks emoji codes and broadcast mentions with an invisible space, keeping what the reader sees', () => {
    assert.equal(plainLiteral(':skull: :+1: at 12:30:45'), ':\u200Bskull: :\u200B+1: at 12:\u200B30:45');
    assert.equal(
      plainLiteral('@here @Channel @everyone a@here.com @hereafter @everyone_'),
      '@\u200Bhere @\u200BChannel @\u200Beveryone a@\u200Bhere.com @\u200Bhereafter @\u200Beveryone_',
    );
  });

  it('normalises line ends and drops control and bidi-override characters, keeping right-to-left letters', () => {
    assert.equal(normalizeData('a\r\nb\rc\u0000d\u0007e\u007Ff\tg'), 'a\nb\ncdef\tg');
    assert.equal(normalizeData('שלום \u202Egnp.exe\u202C \u2066x\u2069 \u200F'), 'שלום gnp.exe x \u200F');
  });

  it('loses nothing: reading mrkdwnLiteral back gives the normalised data (property)', () => {
    fc.assert(
      fc.property(slackText, (data) => {
        const neutral = mrkdwnLiteral(data);
        assert.equal(readBack(neutral), normalizeData(data));
        assert.ok(!/[<>*_~`\uFF0A\uFF3F\uFF40]/.test(neutral), neutral);
        assert.ok(!/&(?!amp;|lt;|gt;)/.test(neutral), neutral);
        assert.ok(!/^\s*(&gt;|\uFF1E)/m.test(neutral), neutral);
        assert.ok(!/:[\p{L}\p{N}\p{M}_+'-]+:/u.test(neutral), neutral);
        assert.ok(!/@(channel|here|everyone)/i.test(neutral), neutral);
      }),
      { numRuns: 2000 },
    );
  });

  it('emphasises each line separately, keeping spaces outside the markers', () => {
    assert.equal(emphasizeLines('Total\n  two words \n\nend', '*'), '*Total*\n  *two words* \n\n*end*');
  });

  it('puts several lines on one where Slack shows one line', () => {
    assert.equal(singleLine('a\n b\r\n\nc'), 'a b c');
  });
});

describe('Block Kit text: shortening to a limit', () => {
  it('keeps text that fits untouched', () => {
    assert.deepEqual(fitText('Contoso & Co', plainLiteral, 16), { text: 'Contoso &amp; Co', truncated: false });
  });

  it('measures the rendered text, never splitting an entity or an emoji', () => {
    const fitted = fitText('&&&&&&&&&&', plainLiteral, 12);
    assert.equal(fitted.text, `&amp;&amp;${ELLIPSIS}`);
    assert.ok(fitted.truncated);
    const emoji = fitText('🎉🎉🎉🎉🎉', plainLiteral, 6);
    assert.equal(emoji.text, `🎉🎉${ELLIPSIS}`);
  });

  it('accounts for emphasis added by the renderer', () => {
    const fitted = fitText('a\nb\nc\nd', (t) => emphasizeLines(mrkdwnLiteral(t), '*'), 9);
    assert.equal(fitted.text, `*a*\n*b${ELLIPSIS}*`);
  });

  it('always fits, ends with an ellipsis when shortened, and is a prefix of the data (property)', () => {
    fc.assert(
      fc.property(slackText, fc.integer({ min: 12, max: 80 }), (data, max) => {
        const fitted = fitText(data, mrkdwnLiteral, max);
        assert.ok(fitted.text.length <= max);
        if (!fitted.truncated) {
          assert.equal(fitted.text, mrkdwnLiteral(data));
          return;
        }
        assert.ok(fitted.text.endsWith(ELLIPSIS));
        const shown = readBack(fitted.text.slice(0, -ELLIPSIS.length));
        assert.ok(normalizeData(data).startsWith(shown), `${JSON.stringify(shown)} is not a prefix of the data`);
      }),
      { numRuns: 1000 },
    );
  });
});
