import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { types as Slack } from '@slack/bolt';
import { decodeButtonActionId, decodeButtonValue, renderCardToBlockKit, type AdaptiveCard, type SlackMessage } from '../../../src/channels/slack/blockKit';
import { mrkdwnLiteral } from '../../../src/channels/slack/blockKit/mrkdwn';
import { HOSTILE_STRINGS, assertNeutral, blocksOfType, buttons, displayTexts, fieldTexts, inputBlock, sectionTexts } from './blockKitHelpers';

/** The longest prefix of whole code points that fits `max` UTF-16 units (for places where data must stay exact). */
function prefixWithin(text: string, max: number): string {
  let prefix = '';
  for (const char of text) {
    if (prefix.length + char.length > max) break;
    prefix += char;
  }
  return prefix;
}

/** A card with `data` in every place the renderer shows or carries text. */
function cardFullOf(data: string, withFallbackText: boolean): AdaptiveCard {
  const short = prefixWithin(data, 150);
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    ...(withFallbackText ? { fallbackText: data } : {}),
    body: [
      { type: 'TextBlock', text: data, size: 'Large' },
      { type: 'TextBlock', text: data, weight: 'Bolder', color: 'Attention' },
      { type: 'TextBlock', text: data, wrap: true },
      { type: 'TextBlock', text: data, isSubtle: true },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: data, weight: 'Bolder' }] },
      { type: 'RichTextBlock', inlines: [data] },
      {
        type: 'FactSet',
        facts: [
          { title: data, value: data },
          { title: 'Customer', value: data },
        ],
      },
      {
        type: 'ColumnSet',
        columns: [{ items: [{ type: 'TextBlock', text: data, weight: 'Bolder' }] }, { items: [{ type: 'TextBlock', text: data }] }],
      },
      {
        type: 'Table',
        rows: [
          { cells: [{ items: [{ type: 'TextBlock', text: data }] }, { items: [{ type: 'TextBlock', text: 'State' }] }] },
          { cells: [{ items: [{ type: 'TextBlock', text: data }] }, { items: [{ type: 'TextBlock', text: data }] }] },
        ],
      },
      { type: 'Container', items: [{ type: 'TextBlock', text: data }] },
      { type: 'Image', url: 'https://example.com/logo.png', altText: data },
      { type: 'Input.Text', id: 'name', label: data, placeholder: data, value: data },
      {
        type: 'Input.ChoiceSet',
        id: 'pick',
        label: data,
        placeholder: data,
        choices: [
          { title: data, value: short },
          { title: 'Other', value: 'other' },
        ],
        value: short,
      },
      { type: 'Input.ChoiceSet', id: 'radio', label: data, style: 'expanded', choices: [{ title: data, value: short }] },
      { type: 'Input.Toggle', id: 'agree', title: data, valueOn: short, valueOff: `off ${short}` },
    ],
    actions: [
      { type: 'Action.Submit', title: data, data: { customer: short, list: [short] } },
      { type: 'Action.Execute', title: data, verb: short, data: short },
      { type: 'Action.OpenUrl', title: data, url: 'https://portal.azure.com/#home' },
    ],
  };
}

/** The message minus fields that carry data rather than show it (ids, values, URLs). */
function shownParts(message: SlackMessage): string {
  return JSON.stringify(message, (key, value: unknown) =>
    ['value', 'initial_value', 'action_id', 'block_id', 'url', 'image_url'].includes(key) && typeof value === 'string' ? undefined : value,
  );
}

/** Everything the data must survive as: carried exactly where it is data, never injectable where it is shown. */
function assertSafeAndExact(data: string, message: SlackMessage): void {
  assertNeutral(message);
  const shown = shownParts(message);
  for (const injection of ['<!', '<@', '<#', '<http', '<mailto']) {
    assert.ok(!shown.includes(injection), `${injection} reached the shown text`);
  }
  const short = prefixWithin(data, 150);
  const [submit, execute] = buttons(message);
  assert.deepEqual(decodeButtonValue(submit?.value), { customer: short, list: [short] });
  assert.deepEqual(decodeButtonValue(execute?.value), short);
  assert.deepEqual(decodeButtonActionId(execute?.action_id ?? ''), { kind: 'execute', index: 1, verb: short });
  const pick = inputBlock(message, 'pick').element as Slack.StaticSelect;
  assert.deepEqual(
    pick.options?.map((option) => option.value),
    [short, 'other'],
  );
  assert.equal(pick.initial_option?.value, short);
  const agree = inputBlock(message, 'agree').element as Slack.Checkboxes;
  assert.equal(agree.options[0]?.value, short);
  assert.equal(agree.action_id, `rdin:toggle:off ${short}`);
  const name = inputBlock(message, 'name').element as Slack.PlainTextInput;
  assert.equal(name.initial_value, data.length <= 3000 ? data : undefined);
}

describe('Block Kit rendering of hostile customer data', () => {
  for (const [kind, data] of Object.entries(HOSTILE_STRINGS)) {
    it(`keeps ${kind} literal and safe everywhere it appears`, () => {
      for (const withFallbackText of [true, false]) {
        const message = renderCardToBlockKit(cardFullOf(data, withFallbackText));
        assertSafeAndExact(data, message);
      }
    });
  }

  it('shows mrkdwn from data as literal look-alike characters where mrkdwn is needed, and as itself in plain-text facts', () => {
    const data = HOSTILE_STRINGS.mrkdwnFormatting as string;
    const message = renderCardToBlockKit(cardFullOf(data, false));
    assert.ok(fieldTexts(message).includes('Customer: *bold* _italic_ ~strike~ `code` ```block``` &gt;quote'));
    assert.equal(
      mrkdwnLiteral(data),
      '\u2217bold\u2217 \u02CDitalic\u02CD \u223Cstrike\u223C \u02CBcode\u02CB \u02CB\u02CB\u02CBblock\u02CB\u02CB\u02CB &gt;quote',
    );
    const plainSection = blocksOfType(message, 'section').find((block) => block.text?.type === 'plain_text');
    assert.equal(plainSection?.text?.text, '*bold* _italic_ ~strike~ `code` ```block``` &gt;quote');
  });

  it('shows mentions and links from data as their text, escaped', () => {
    const data = HOSTILE_STRINGS.mentions as string;
    const texts = displayTexts(renderCardToBlockKit(cardFullOf(data, false))).map((found) => found.text);
    const escaped =
      '&lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U0123ABCD&gt; &lt;#C0123ABCD&gt; &lt;!subteam^S0123|@team&gt; &lt;!date^1392734382^{date}|x&gt;';
    assert.ok(texts.includes(escaped));
    assert.ok(texts.includes(`Customer: ${escaped}`), 'in a fact too');
  });

  it('keeps a line of data from becoming a block quote in mrkdwn, and shows it as typed in a plain-text fact', () => {
    const message = renderCardToBlockKit(cardFullOf(HOSTILE_STRINGS.newlines as string, false));
    assert.ok(
      sectionTexts(message).some((text) => text.includes('\u00AD&gt;third line')),
      'mrkdwn: a soft hyphen breaks the quote',
    );
    assert.ok(fieldTexts(message).includes('Customer: first line\nsecond line\n&gt;third line\n  &gt; fourth\n\n\nlast'));
  });

  it('shows a 10,000-character name shortened with an ellipsis, within every limit', () => {
    const message = renderCardToBlockKit(cardFullOf(HOSTILE_STRINGS.veryLongName as string, true));
    assert.equal(blocksOfType(message, 'header').length, 0, 'too long for a header: shown as a bold section');
    assert.ok(displayTexts(message).some((found) => found.text.endsWith('\u2026')));
    assert.ok(message.warnings.some((warning) => warning.startsWith('shortened')));
  });

  it('holds for any mix of characters that mean something to Slack (property)', () => {
    const unit = fc.constantFrom(
      ...[
        'a',
        ' ',
        '\n',
        '\r\n',
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
        'here',
        'channel',
        'U123',
        'http',
        '://',
        '＊',
        '＿',
        '｀',
        '＞',
        '🎉',
        '\u202E',
        '\u2066',
        'ש',
        '$',
        '{{',
        '}}',
        'amp;',
        'lt;',
        'skull',
      ],
    );
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 40 }), (data) => {
        fc.pre(data.trim().length > 0);
        assertSafeAndExact(data, renderCardToBlockKit(cardFullOf(data, false)));
      }),
      { numRuns: 300 },
    );
  });
});
