import type { types as Slack } from '@slack/bolt';
import { noteTruncation, type RenderContext } from './context';
import { SLACK_LIMITS } from './limits';
import { emphasizeLines, fitText, mrkdwnLiteral, mrkdwnObject, plainLiteral, singleLine } from './mrkdwn';
import { isRecord, listOf, nonBlankText, textOf, visibleRecords, type JsonRecord } from './read';

/**
 * FactSet → section fields ("Title: value" as plain text, ten to a section); Table → lines of cells.
 * Plain text rather than mrkdwn, so values such as SKUs (Standard_E8s_v5) and emails keep their exact characters:
 * mrkdwn would need look-alikes for `_`, `*` and `~` to keep data from formatting.
 */

/** A fact's title is capped so that a long title still leaves room for its value. */
const FACT_TITLE_MAX = 300;

export function renderFactSet(element: JsonRecord, context: RenderContext): Slack.KnownBlock[] {
  const fields: Slack.PlainTextElement[] = [];
  let truncated = false;
  for (const fact of listOf(element.facts)) {
    if (!isRecord(fact)) continue;
    const title = nonBlankText(fact.title);
    const value = nonBlankText(fact.value);
    if (title === undefined && value === undefined) continue;
    context.summary.push([title, value].filter((part) => part !== undefined).join(': '));
    const titlePart = title === undefined ? undefined : fitText(singleLine(title.trim()), (t) => plainLiteral(`${t}:`), FACT_TITLE_MAX);
    const room = SLACK_LIMITS.fieldText - (titlePart === undefined ? 0 : titlePart.text.length + 1);
    const valuePart = value === undefined ? undefined : fitText(value, plainLiteral, room);
    truncated ||= (titlePart?.truncated ?? false) || (valuePart?.truncated ?? false);
    fields.push({ type: 'plain_text', text: [titlePart?.text, valuePart?.text].filter((part) => part !== undefined).join(' '), emoji: false });
  }
  noteTruncation(truncated, element, context);
  return sectionsOfFields(fields);
}

export function sectionsOfFields(fields: Slack.TextObject[]): Slack.SectionBlock[] {
  const sections: Slack.SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += SLACK_LIMITS.sectionFields) {
    sections.push({ type: 'section', fields: fields.slice(start, start + SLACK_LIMITS.sectionFields) });
  }
  return sections;
}

/** The text of a cell's items (TextBlocks and RichTextBlocks, nested containers included), one line each. */
function plainTextOfItems(items: unknown): string {
  const lines: string[] = [];
  for (const item of visibleRecords(items)) {
    if (item.type === 'TextBlock') {
      const text = nonBlankText(item.text);
      if (text !== undefined) lines.push(text);
    } else if (item.type === 'RichTextBlock') {
      lines.push(
        listOf(item.inlines)
          .map((inline) => textOf(isRecord(inline) ? inline.text : inline) ?? '')
          .join(''),
      );
    } else if (item.type === 'Container') {
      lines.push(plainTextOfItems(item.items));
    }
  }
  return lines.filter((line) => nonBlankText(line) !== undefined).join(' ');
}

const CELL_SEPARATOR = '  |  ';

/** A 1.5 Table as lines of `cell | cell | cell` (the header row bold), as few sections as Slack's length allows. */
export function renderTable(element: JsonRecord, context: RenderContext): Slack.KnownBlock[] {
  const headerRow = element.firstRowAsHeader !== false;
  const lines: string[] = [];
  let truncated = false;
  visibleRecords(element.rows).forEach((row, index) => {
    const cells = listOf(row.cells).map((cell) => singleLine(isRecord(cell) ? plainTextOfItems(cell.items) : '').trim());
    if (cells.every((cell) => nonBlankText(cell) === undefined)) return;
    context.summary.push(cells.join(' | '));
    const bold = headerRow && index === 0;
    const render = (t: string): string => {
      const neutral = mrkdwnLiteral(t);
      return bold ? emphasizeLines(neutral, '*') : neutral;
    };
    const fitted = fitText(cells.join(CELL_SEPARATOR), render, SLACK_LIMITS.sectionText);
    truncated ||= fitted.truncated;
    lines.push(fitted.text);
  });
  noteTruncation(truncated, element, context);
  const sections: Slack.SectionBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current.length > 0 && current.length + 1 + line.length > SLACK_LIMITS.sectionText) {
      sections.push({ type: 'section', text: mrkdwnObject(current) });
      current = '';
    }
    current = current.length === 0 ? line : `${current}\n${line}`;
  }
  if (current.length > 0) sections.push({ type: 'section', text: mrkdwnObject(current) });
  return sections;
}
