import type { types as Slack } from '@slack/bolt';

/**
 * Turning card text into Slack text that displays literally.
 *
 * The renderer cannot tell a template author's words from customer data once a card has been expanded, so every
 * string from the card is treated as literal data (docs/block-kit-rendering.md, "Text is literal"). Slack gives
 * meaning to three kinds of things in text, and each is neutralised here:
 *
 * - `&`, `<`, `>` start control sequences (`<!channel>`, `<@U123>`, `<#C123>`, `<https://x|label>`, `<!date…>`):
 *   escaped as `&amp;`, `&lt;`, `&gt;` in every text object, plain_text included, which is what Slack documents.
 * - mrkdwn markers `*`, `_`, `~`, backtick (and the fullwidth `＊`, `＿`, `｀`, which Slack also honours) are swapped for
 *   look-alike characters that carry no meaning, and a line that would start a block quote (`>` or `＞`) gets an
 *   invisible soft hyphen in front. Slack has no escape character for these, and an inserted zero-width space would
 *   *enable* formatting (Slack treats it as a word boundary), so look-alikes are the reliable choice. Only mrkdwn
 *   objects need this; where no formatting is wanted the renderer uses plain_text and keeps the exact characters.
 * - `:name:` emoji codes and bare `@here` / `@channel` / `@everyone` get a zero-width space after the colon or the
 *   at sign, which breaks the code without changing what the reader sees. (With `verbatim: true`, which the renderer
 *   sets on every mrkdwn object, Slack should not auto-parse bare mentions anyway; this is the second lock.)
 *
 * Also: CR/CRLF become LF, C0 control characters other than tab and LF are dropped, and the bidirectional override,
 * embedding and isolate controls (U+202A–U+202E, U+2066–U+2069) are dropped so data cannot reorder the text around
 * it. Right-to-left letters and the plain LRM/RLM marks stay.
 */

export const ELLIPSIS = '…';

const ZERO_WIDTH_SPACE = '\u200B';
const SOFT_HYPHEN = '\u00AD';

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** mrkdwn markers and their meaningless look-alikes. */
const MARKER_LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ asterisk operator
  _: '\u02CD', // ˍ modifier letter low macron
  '~': '\u223C', // ∼ tilde operator
  '`': '\u02CB', // ˋ modifier letter grave accent
  '\uFF0A': '\uFE61', // fullwidth asterisk → small asterisk
  '\uFF3F': '\u2E0F', // fullwidth low line → paragraphos
  '\uFF40': '\u2035', // fullwidth grave accent → reversed prime
};

/** An emoji code's opening colon: a colon followed by name characters and another colon. */
const EMOJI_CODE_OPENING = /:(?=[\p{L}\p{N}\p{M}_+'-]+:)/gu;
/** Also before `@hereafter`: harmless (invisible) and it keeps the rule independent of what follows. */
const BROADCAST_MENTION = /@(?=channel|here|everyone)/giu;
/** After escaping, a line that Slack would show as a block quote. */
const QUOTE_LINE_START = /^([^\S\n]*)(&gt;|\uFF1E)/gmu;

function isDroppedCodePoint(codePoint: number): boolean {
  const isC0OrDel = (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a) || codePoint === 0x7f;
  const isBidiControl = (codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069);
  return isC0OrDel || isBidiControl;
}

/** Line endings to LF; drops control and bidi-override characters. */
export function normalizeData(text: string): string {
  let result = '';
  for (const char of text.replace(/\r\n?/g, '\n')) {
    if (!isDroppedCodePoint(char.codePointAt(0) ?? 0)) result += char;
  }
  return result;
}

/**
 * Breaks emoji codes and broadcast mentions with an invisible zero-width space. Safe to run again over assembled
 * mrkdwn (it only ever adds invisible characters), which catches a code split across two styled runs.
 */
export function breakShortcodes(text: string): string {
  return text.replace(EMOJI_CODE_OPENING, `:${ZERO_WIDTH_SPACE}`).replace(BROADCAST_MENTION, `@${ZERO_WIDTH_SPACE}`);
}

export function escapeControlCharacters(text: string): string {
  return text.replace(/[&<>]/g, (char) => CONTROL_ESCAPES[char] ?? char);
}

/** Data as the text of a plain_text object: shows exactly what the data says. */
export function plainLiteral(text: string): string {
  return escapeControlCharacters(breakShortcodes(normalizeData(text)));
}

/** Data inside a mrkdwn object: shows literally, with no formatting, mention or link. */
export function mrkdwnLiteral(text: string): string {
  let neutral = '';
  for (const char of escapeControlCharacters(normalizeData(text))) neutral += MARKER_LOOKALIKES[char] ?? char;
  // Codes are broken after the swap: some look-alikes are letters and could complete a code of their own.
  return breakShortcodes(neutral).replace(QUOTE_LINE_START, `$1${SOFT_HYPHEN}$2`);
}

/** For places that show one line (headers, buttons, options, labels): line breaks become spaces. */
export function singleLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * Wraps each non-blank line of already-neutral mrkdwn in `marker` (`*` bold, `_` italic, …): Slack's emphasis does
 * not span line breaks, and the marker must touch the text, so surrounding spaces stay outside it.
 */
export function emphasizeLines(neutral: string, marker: string): string {
  return neutral
    .split('\n')
    .map((line) => {
      const match = /^(\s*)(.*?)(\s*)$/su.exec(line);
      const [, leading = '', core = '', trailing = ''] = match ?? [];
      return core.length === 0 ? line : `${leading}${marker}${core}${marker}${trailing}`;
    })
    .join('\n');
}

export interface FittedText {
  text: string;
  truncated: boolean;
}

/**
 * Renders `literal` with `render` and, if the result is longer than `max`, keeps the longest prefix of the literal
 * (whole code points, so no emoji is cut in half) that still fits once an ellipsis is added and it is rendered.
 * Measuring the *rendered* text matters: escaping and emphasis make it longer than the data, and cutting after
 * escaping could split an entity such as `&amp;`.
 */
export function fitText(literal: string, render: (text: string) => string, max: number): FittedText {
  const whole = render(literal);
  if (whole.length <= max) return { text: whole, truncated: false };
  const codePoints = Array.from(literal);
  const candidate = (count: number): string => render(codePoints.slice(0, count).join('').trimEnd() + ELLIPSIS);
  let fits = 0;
  let tooLong = codePoints.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (candidate(middle).length <= max) fits = middle;
    else tooLong = middle;
  }
  return { text: candidate(fits), truncated: true };
}

export function plainTextObject(text: string): Slack.PlainTextElement {
  return { type: 'plain_text', text };
}

/** `verbatim: true` stops Slack from auto-linking URLs and auto-parsing bare mentions and channel names. */
export function mrkdwnObject(text: string): Slack.MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true };
}
