import { strict as assert } from 'node:assert';
import type { types as Slack } from '@slack/bolt';
import { findLimitViolations } from '../../../src/channels/slack/blockKit';
import type { SlackMessage } from '../../../src/channels/slack/blockKit';

/** Test helpers for the Block Kit renderer: walking a rendered message and the checks every message must pass. */

export interface FoundText {
  kind: 'plain_text' | 'mrkdwn' | 'alt_text' | 'message_text';
  text: string;
  path: string;
  verbatim?: unknown;
}

/** Every string Slack shows to a reader: text objects anywhere in the blocks, image alt texts, the top-level text. */
export function displayTexts(message: SlackMessage): FoundText[] {
  const found: FoundText[] = [{ kind: 'message_text', text: message.text, path: 'text' }];
  const visit = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if ((record.type === 'plain_text' || record.type === 'mrkdwn') && typeof record.text === 'string') {
      found.push({ kind: record.type, text: record.text, path, verbatim: record.verbatim });
      return;
    }
    if (typeof record.alt_text === 'string') found.push({ kind: 'alt_text', text: record.alt_text, path: `${path}.alt_text` });
    for (const [key, value] of Object.entries(record)) visit(value, `${path}.${key}`);
  };
  visit(message.blocks, 'blocks');
  return found;
}

export function blocksOfType<T extends Slack.KnownBlock['type']>(message: SlackMessage, type: T): Extract<Slack.KnownBlock, { type: T }>[] {
  return message.blocks.filter((block): block is Extract<Slack.KnownBlock, { type: T }> => block.type === type);
}

export function buttons(message: SlackMessage): Slack.Button[] {
  return blocksOfType(message, 'actions').flatMap((block) => block.elements.filter((element): element is Slack.Button => element.type === 'button'));
}

export function inputBlock(message: SlackMessage, inputId: string): Slack.InputBlock {
  const block = blocksOfType(message, 'input').find((candidate) => candidate.block_id === `rdin:${inputId}`);
  assert.ok(block, `no input block for ${inputId}`);
  return block;
}

/** The `text` of every section that has one, in order. */
export function sectionTexts(message: SlackMessage): string[] {
  return blocksOfType(message, 'section').flatMap((block) => (block.text ? [block.text.text] : []));
}

export function fieldTexts(message: SlackMessage): string[] {
  return blocksOfType(message, 'section').flatMap((block) => (block.fields ?? []).map((field) => field.text));
}

/** Markers mrkdwn gives meaning to, including the fullwidth forms Slack also honours. */
const FORMATTING_MARKERS = /[*_~`\uFF0A\uFF3F\uFF40]/u;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/u;
const EMOJI_CODE = /:[\p{L}\p{N}\p{M}_+'-]+:/u;
const BROADCAST = /@(channel|here|everyone)/iu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;

/**
 * The guarantees about display text, whatever the card data was:
 * - no `<` or `>` at all (so no `<!channel>`, `<@U…>`, `<#C…>`, `<http…|…>`), and `&` only as one of Slack's three
 *   entities;
 * - in mrkdwn, the only formatting markers are the renderer's own `*…*` around a whole line (`boldOnly`), never
 *   inside text, and no line starts a block quote;
 * - every mrkdwn object is verbatim (no auto-linking or bare-mention parsing);
 * - no emoji code, bare broadcast mention, bidi override or half of a surrogate pair.
 * Cards checked with `boldOnly` must not use italic, strikethrough or monospace styling.
 */
export function assertNeutral(message: SlackMessage, options: { boldOnly: boolean } = { boldOnly: true }): void {
  for (const found of displayTexts(message)) {
    const where = `${found.path} (${found.kind}): ${JSON.stringify(found.text.slice(0, 120))}`;
    assert.ok(!/[<>]/.test(found.text), `raw < or > in ${where}`);
    assert.ok(!/&(?!amp;|lt;|gt;)/.test(found.text), `bare & in ${where}`);
    assert.ok(!BIDI_CONTROLS.test(found.text), `bidi control in ${where}`);
    assert.ok(!EMOJI_CODE.test(found.text), `emoji code in ${where}`);
    assert.ok(!BROADCAST.test(found.text), `broadcast mention in ${where}`);
    assert.ok(!LONE_SURROGATE.test(found.text), `half an emoji in ${where}`);
    if (found.kind === 'mrkdwn') assert.equal(found.verbatim, true, `mrkdwn without verbatim: ${where}`);
    if (found.kind === 'mrkdwn' || found.kind === 'message_text') {
      for (const line of found.text.split('\n')) {
        const inner = options.boldOnly ? stripBoldWrapper(line) : line;
        if (options.boldOnly) assert.ok(!FORMATTING_MARKERS.test(inner), `formatting marker inside ${where}`);
        assert.ok(!/^\s*\*?\s*(&gt;|\uFF1E)/u.test(line), `block quote line in ${where}`);
      }
    }
  }
  assert.deepEqual(findLimitViolations(message), []);
}

/** A line minus the renderer's own bold wrapper, `*text*` with optional surrounding spaces. */
function stripBoldWrapper(line: string): string {
  const match = /^(\s*)\*(\S(?:.*\S)?)\*(\s*)$/su.exec(line);
  return match ? (match[2] as string) : line;
}

/** Hostile customer data, one string per class the tests must cover. */
export const HOSTILE_STRINGS: Readonly<Record<string, string>> = {
  mrkdwnFormatting: '*bold* _italic_ ~strike~ `code` ```block``` >quote',
  fullwidthFormatting: '＊bold＊ ＿italic＿ ｀code｀ ＞quote',
  mentions: '<!channel> <!here> <!everyone> <@U0123ABCD> <#C0123ABCD> <!subteam^S0123|@team> <!date^1392734382^{date}|x>',
  links: '<https://evil.example/login|Click to confirm> <http://evil.example> <mailto:a@evil.example|mail>',
  htmlAndEntities: 'Tom & Jerry <b>bold</b> &amp; &lt;script&gt; a < b > c',
  bareMentions: 'ping @channel and @here and @everyone in #general',
  veryLongName: `Contoso ${'Ä'.repeat(10_000)} Ltd`,
  veryLongWord: 'x'.repeat(10_000),
  templateSyntax: "${customer.name} {{name}} ${$root.secret} ${if(true, 'a', 'b')} $data",
  emoji: 'Party 🎉 family 👩‍👩‍👧‍👦 flag 🇪🇺 :skull: :rotating_light: :+1::skin-tone-2:',
  newlines: 'first line\nsecond line\r\n>third line\r  > fourth\n\n\nlast',
  rightToLeft: 'שלום עולם \u202Egnp.exe\u202C \u2067isolated\u2069 مرحبا \u200Fmark\u200E',
  controlCharacters: 'nul\u0000 bell\u0007 escape\u001B delete\u007F tab\tend',
};
