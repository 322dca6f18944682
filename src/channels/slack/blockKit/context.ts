import { describe, type JsonRecord } from './read';

/** State carried through one card's rendering. */
export interface RenderContext {
  /** What was left out or shortened; element types and ids only. */
  warnings: string[];
  /** Plain lines of the card's text, in order, for the message's `text` when the card has no fallbackText. */
  summary: string[];
  /** Buttons rendered so far; numbers each button so action_ids are unique in the message. */
  buttonCount: number;
  /** Input ids seen; Slack needs unique block_ids and the submitted data needs unique names. */
  inputIds: Set<string>;
  /** Every block_id given out. */
  blockIds: Set<string>;
}

export function newRenderContext(): RenderContext {
  return { warnings: [], summary: [], buttonCount: 0, inputIds: new Set(), blockIds: new Set() };
}

/** Records that an element's text was shortened to fit Slack. */
export function noteTruncation(truncated: boolean, element: JsonRecord, context: RenderContext): void {
  if (truncated) context.warnings.push(`shortened the text of ${describe(element)}`);
}
