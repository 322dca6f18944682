import type { types as Slack } from '@slack/bolt';
import { noteTruncation, type RenderContext } from './context';
import { sectionsOfFields } from './facts';
import { SLACK_LIMITS } from './limits';
import { breakShortcodes, emphasizeLines, fitText, mrkdwnLiteral, mrkdwnObject, plainLiteral, plainTextObject, singleLine, type FittedText } from './mrkdwn';
import { describe, enumOf, isRecord, listOf, nonBlankText, textOf, visibleRecords, type JsonRecord } from './read';

/**
 * Text elements → sections, headers and context. All card text is literal (mrkdwn.ts); the only formatting is the
 * renderer's own, from element properties: size and weight make headers and bold, isSubtle makes context, the
 * attention and warning colours add a warning sign, RichTextBlock runs keep bold, italic, strikethrough, monospace.
 */

/** Adaptive Card colors that mean "look here"; Slack has no text color, so the text gets a warning sign. */
const WARNING_COLORS = new Set(['attention', 'warning']);
const WARNING_SIGN = '\u26A0\uFE0F ';

interface TextStyle {
  heading: boolean;
  bold: boolean;
  subtle: boolean;
  warning: boolean;
}

export function textStyleOf(element: JsonRecord): TextStyle {
  const size = enumOf(element.size);
  const weight = enumOf(element.weight);
  return {
    heading: enumOf(element.style) === 'heading' || size === 'large' || size === 'extralarge' || (size === 'medium' && weight === 'bolder'),
    bold: weight === 'bolder',
    subtle: element.isSubtle === true,
    warning: WARNING_COLORS.has(enumOf(element.color)),
  };
}

export function renderTextBlock(element: JsonRecord, context: RenderContext): Slack.KnownBlock[] {
  const text = nonBlankText(element.text);
  if (text === undefined) return [];
  context.summary.push(text);
  const style = textStyleOf(element);

  if (style.heading) {
    const header = plainLiteral(singleLine(text.trim()));
    if (header.length <= SLACK_LIMITS.headerText) return [{ type: 'header', text: plainTextObject(header) }];
    context.warnings.push(`${describe(element)} is too long for a header; shown as bold text`);
  }
  const literal = (style.warning ? WARNING_SIGN : '') + text;
  const bold = style.bold || style.heading;
  if (style.subtle) {
    const fitted = bold
      ? fitText(literal, (t) => emphasizeLines(mrkdwnLiteral(t), '*'), SLACK_LIMITS.contextText)
      : fitText(literal, plainLiteral, SLACK_LIMITS.contextText);
    noteTruncation(fitted.truncated, element, context);
    return [{ type: 'context', elements: [bold ? mrkdwnObject(fitted.text) : plainTextObject(fitted.text)] }];
  }
  if (bold) {
    const fitted = fitText(literal, (t) => emphasizeLines(mrkdwnLiteral(t), '*'), SLACK_LIMITS.sectionText);
    noteTruncation(fitted.truncated, element, context);
    return [{ type: 'section', text: mrkdwnObject(fitted.text) }];
  }
  return [plainSection(literal, context, element)];
}

export function plainSection(literal: string, context: RenderContext, element: JsonRecord): Slack.SectionBlock {
  const fitted = fitText(literal, plainLiteral, SLACK_LIMITS.sectionText);
  noteTruncation(fitted.truncated, element, context);
  return { type: 'section', text: plainTextObject(fitted.text) };
}

/** A run of text and the mrkdwn markers it needs. */
interface StyledRun {
  text: string;
  markers: string[];
}

/** Neutral mrkdwn for styled runs, each run's markers wrapped around its own lines. */
function styledMrkdwn(runs: readonly StyledRun[]): string {
  const joined = runs.map((run) => run.markers.reduce((neutral, marker) => emphasizeLines(neutral, marker), mrkdwnLiteral(run.text))).join('');
  return breakShortcodes(joined);
}

/**
 * Styled runs as one mrkdwn text within `max`; when too long, the plain words, shortened, without the styling
 * (shortening styled text would have to cut inside a marker pair).
 */
function fitStyledRuns(runs: readonly StyledRun[], max: number): FittedText {
  const styled = styledMrkdwn(runs);
  if (styled.length <= max) return { text: styled, truncated: false };
  return fitText(runs.map((run) => run.text).join(''), mrkdwnLiteral, max);
}

export function renderRichTextBlock(element: JsonRecord, context: RenderContext): Slack.KnownBlock[] {
  const runs: StyledRun[] = [];
  for (const inline of listOf(element.inlines)) {
    const run = isRecord(inline) ? inline : { text: inline };
    const text = textOf(run.text);
    if (text === undefined || text.length === 0) continue;
    const markers: string[] = [];
    if (enumOf(run.fontType) === 'monospace') markers.push('`');
    if (run.strikethrough === true) markers.push('~');
    if (run.italic === true) markers.push('_');
    if (enumOf(run.weight) === 'bolder') markers.push('*');
    runs.push({ text, markers });
  }
  const plain = runs.map((run) => run.text).join('');
  if (nonBlankText(plain) === undefined) return [];
  context.summary.push(plain);
  const fitted = fitStyledRuns(runs, SLACK_LIMITS.sectionText);
  noteTruncation(fitted.truncated, element, context);
  return [{ type: 'section', text: mrkdwnObject(fitted.text) }];
}

/**
 * Text-only columns as section fields, one field per column: Slack shows fields two abreast, which is how a card's
 * label and value columns read. Subtle text is italic, bold text bold.
 */
export function renderTextColumns(columns: JsonRecord[], element: JsonRecord, context: RenderContext): Slack.SectionBlock[] {
  const fields: Slack.MrkdwnElement[] = [];
  const rowText: string[] = [];
  for (const column of columns) {
    const runs: StyledRun[] = [];
    for (const item of visibleRecords(column.items)) {
      const text = nonBlankText(item.text);
      if (text === undefined) continue;
      const style = textStyleOf(item);
      const markers = [...(style.subtle ? ['_'] : []), ...(style.bold || style.heading ? ['*'] : [])];
      runs.push({ text: (runs.length > 0 ? '\n' : '') + (style.warning ? WARNING_SIGN : ''), markers: [] }, { text, markers });
    }
    const plain = runs.map((run) => run.text).join('');
    if (nonBlankText(plain) === undefined) continue;
    rowText.push(plain);
    const fitted = fitStyledRuns(runs, SLACK_LIMITS.fieldText);
    noteTruncation(fitted.truncated, element, context);
    fields.push(mrkdwnObject(fitted.text));
  }
  if (rowText.length > 0) context.summary.push(rowText.join(' '));
  return sectionsOfFields(fields);
}
