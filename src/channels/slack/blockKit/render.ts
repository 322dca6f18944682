import type { types as Slack } from '@slack/bolt';
import { CardRenderError } from '../../../errors';
import { isHttpUrl, renderActionBlocks } from './actions';
import { newRenderContext, type RenderContext } from './context';
import { renderFactSet, renderTable } from './facts';
import { elementBlockId } from './ids';
import { INPUT_TYPES, renderInput } from './inputs';
import { SLACK_LIMITS } from './limits';
import { ELLIPSIS, fitText, mrkdwnLiteral, plainLiteral, plainTextObject, singleLine } from './mrkdwn';
import { describe, isRecord, listOf, nonBlankText, textOf, visibleRecords, type JsonRecord } from './read';
import { plainSection, renderRichTextBlock, renderTextBlock, renderTextColumns } from './text';
import type { SlackMessage } from './types';

/**
 * Renders an expanded Adaptive Card (the JSON after adaptivecards-templating) as a Slack message: Block Kit
 * `blocks` plus the top-level `text`. Pure: no I/O, same card in, same message out.
 *
 * Throws CardRenderError only when the card cannot be shown without losing data (not an Adaptive Card, an
 * unsupported version, an input without an id, data too long for a button value or an option, more choices or
 * inputs and buttons than one message holds). Elements it does not know are replaced by their `fallback` or left
 * out, with a warning. docs/block-kit-rendering.md describes the whole mapping.
 */
export function renderCardToBlockKit(card: unknown): SlackMessage {
  if (!isRecord(card) || card.type !== 'AdaptiveCard') {
    throw new CardRenderError('The Slack renderer was given something that is not an Adaptive Card.', { reason: 'not-a-card' });
  }
  const version = textOf(card.version);
  if (version === undefined || !/^1\.[0-6]$/.test(version)) {
    throw new CardRenderError(`Adaptive Card version ${String(version)} is not supported in Slack (1.0 to 1.6 are).`, {
      reason: 'unsupported-version',
      version,
    });
  }

  const context = newRenderContext();
  const blocks = [...renderElements(listOf(card.body), context), ...renderActionBlocks(listOf(card.actions), context)];
  const withinBudget = fitBlockBudget(tidyDividers(blocks), context);
  return { blocks: withinBudget, text: messageText(card, context), warnings: context.warnings };
}

function renderElements(elements: unknown[], context: RenderContext): Slack.KnownBlock[] {
  const blocks: Slack.KnownBlock[] = [];
  for (const raw of elements) {
    if (!isRecord(raw) || typeof raw.type !== 'string') {
      context.warnings.push('skipped a malformed element');
      continue;
    }
    if (raw.isVisible === false) {
      context.warnings.push(`skipped hidden ${describe(raw)}`);
      continue;
    }
    const rendered = renderElement(raw, context);
    if (rendered.length === 0) continue;
    if (typeof raw.id === 'string') nameBlocks(rendered, raw.id, context);
    if (raw.separator === true) rendered.unshift({ type: 'divider' });
    blocks.push(...rendered);
  }
  return blocks;
}

function renderElement(element: JsonRecord, context: RenderContext): Slack.KnownBlock[] {
  const type = element.type as string;
  if (INPUT_TYPES.has(type)) return renderInput(element, context);
  switch (type) {
    case 'TextBlock':
      return renderTextBlock(element, context);
    case 'RichTextBlock':
      return renderRichTextBlock(element, context);
    case 'FactSet':
      return renderFactSet(element, context);
    case 'ColumnSet':
      return renderColumnSet(element, context);
    case 'Container':
      return renderElements(listOf(element.items), context);
    case 'Image':
      return renderImage(element, context);
    case 'Table':
      return renderTable(element, context);
    case 'ActionSet':
      return renderActionBlocks(listOf(element.actions), context);
    default:
      return renderUnknown(element, context);
  }
}

function renderUnknown(element: JsonRecord, context: RenderContext): Slack.KnownBlock[] {
  if (isRecord(element.fallback)) return renderElements([element.fallback], context);
  if (element.fallback !== 'drop') {
    const fallbackText = nonBlankText(element.fallbackText);
    if (fallbackText !== undefined) {
      context.summary.push(fallbackText);
      return [plainSection(fallbackText, context, element)];
    }
  }
  context.warnings.push(`skipped ${describe(element)}: not supported in Slack`);
  return [];
}

/**
 * Columns holding only text become side-by-side section fields (text.ts); any other column set is flattened,
 * column after column.
 */
function renderColumnSet(element: JsonRecord, context: RenderContext): Slack.KnownBlock[] {
  const columns = visibleRecords(element.columns);
  const textOnly = columns.every((column) => visibleRecords(column.items).every((item) => item.type === 'TextBlock'));
  if (textOnly) return renderTextColumns(columns, element, context);
  return columns.flatMap((column) => renderElements(listOf(column.items), context));
}

function renderImage(element: JsonRecord, context: RenderContext): Slack.KnownBlock[] {
  const url = textOf(element.url);
  if (url === undefined || !isHttpUrl(url) || url.length > SLACK_LIMITS.imageUrl) {
    context.warnings.push(`skipped ${describe(element)}: its url is not an http(s) URL Slack accepts`);
    return [];
  }
  const altText = nonBlankText(element.altText) ?? 'image';
  return [{ type: 'image', image_url: url, alt_text: fitText(singleLine(altText.trim()), plainLiteral, SLACK_LIMITS.altText).text }];
}

/** Gives an element's id to the blocks it produced (inputs already carry theirs), when the id fits and is unused. */
function nameBlocks(blocks: Slack.KnownBlock[], elementId: string, context: RenderContext): void {
  let extra = 0;
  for (const block of blocks) {
    if (block.block_id !== undefined) continue;
    const blockId = elementBlockId(elementId, extra);
    extra += 1;
    if (blockId === undefined || context.blockIds.has(blockId)) {
      context.warnings.push(`did not use the id "${elementId.slice(0, 60)}" as a block_id (too long or repeated)`);
      return;
    }
    context.blockIds.add(blockId);
    block.block_id = blockId;
  }
}

/** No divider at the top or bottom, and never two in a row. */
function tidyDividers(blocks: Slack.KnownBlock[]): Slack.KnownBlock[] {
  const tidy: Slack.KnownBlock[] = [];
  for (const block of blocks) {
    const previous = tidy[tidy.length - 1];
    if (block.type === 'divider' && (previous === undefined || previous.type === 'divider')) continue;
    tidy.push(block);
  }
  while (tidy[tidy.length - 1]?.type === 'divider') tidy.pop();
  return tidy;
}

function isInteractive(block: Slack.KnownBlock): boolean {
  return block.type === 'input' || block.type === 'actions';
}

/**
 * Keeps a message within Slack's 50 blocks. Inputs and buttons are never dropped (they are how the agent answers);
 * display blocks are kept in card order until the budget runs out, and a visible note says how many were left out.
 * A card with more than 49 input and action blocks cannot be shown: CardRenderError.
 */
function fitBlockBudget(blocks: Slack.KnownBlock[], context: RenderContext): Slack.KnownBlock[] {
  if (blocks.length <= SLACK_LIMITS.blocksPerMessage) return blocks;
  const interactiveCount = blocks.filter(isInteractive).length;
  if (interactiveCount > SLACK_LIMITS.blocksPerMessage - 1) {
    throw new CardRenderError(
      `The card needs ${interactiveCount} input and button blocks; a Slack message holds ${SLACK_LIMITS.blocksPerMessage} blocks. Split the card.`,
      { reason: 'too-many-blocks', count: interactiveCount, max: SLACK_LIMITS.blocksPerMessage },
    );
  }
  let displayBudget = SLACK_LIMITS.blocksPerMessage - interactiveCount - 1;
  const dropped = blocks.filter((block) => !isInteractive(block)).length - displayBudget;
  const note: Slack.ContextBlock = {
    type: 'context',
    elements: [plainTextObject(`${ELLIPSIS}and ${dropped} more not shown in Slack.`)],
  };
  const kept: Slack.KnownBlock[] = [];
  let noteAdded = false;
  for (const block of blocks) {
    if (isInteractive(block)) {
      kept.push(block);
    } else if (displayBudget > 0) {
      kept.push(block);
      displayBudget -= 1;
    } else if (!noteAdded) {
      kept.push(note);
      noteAdded = true;
    }
  }
  context.warnings.push(`left out ${dropped} blocks beyond Slack's ${SLACK_LIMITS.blocksPerMessage}`);
  return kept;
}

/** The message's top-level text (mrkdwn to Slack): the card's fallbackText, else a summary of its text. */
function messageText(card: JsonRecord, context: RenderContext): string {
  const source = nonBlankText(card.fallbackText) ?? (context.summary.length > 0 ? context.summary.join('\n') : 'Card');
  return fitText(source, mrkdwnLiteral, SLACK_LIMITS.messageText).text;
}
