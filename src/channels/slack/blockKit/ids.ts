import { CardRenderError, InvalidInputError } from '../../../errors';
import { SLACK_LIMITS } from './limits';

/**
 * How card identities travel through Slack, and how the Slack bridge reads them back.
 *
 * - An input's block has `block_id` `rdin:<input id>`; its element's `action_id` is `rdin:<kind>` (for a toggle
 *   `rdin:toggle:<valueOff>`, because Slack reports an unchecked box as no selection at all).
 * - A button's `action_id` is `rd:s:<n>` (Action.Submit), `rd:x:<n>:<verb>` (Action.Execute) or `rd:u:<n>`
 *   (Action.OpenUrl), `n` counting the card's buttons, so every action_id is unique in the message.
 * - A button's `value` is the action's `data` as compact JSON, exactly; nothing is shortened.
 * - A display element with an `id` gets `block_id` `rdel:<id>` (`rdel:<id>:<k>` for its k-th extra block).
 *
 * Identifiers and data are never shortened: one that does not fit Slack's limit is a CardRenderError.
 */

export const INPUT_BLOCK_PREFIX = 'rdin:';
export const ELEMENT_BLOCK_PREFIX = 'rdel:';
const ACTION_ID_PREFIX = 'rd:';

export type InputKind = 'text' | 'number' | 'date' | 'time' | 'choice' | 'choices' | 'toggle';
const INPUT_KINDS: ReadonlySet<string> = new Set<InputKind>(['text', 'number', 'date', 'time', 'choice', 'choices', 'toggle']);

export type ButtonKind = 'submit' | 'execute' | 'openUrl';
const BUTTON_KIND_CODES: Readonly<Record<ButtonKind, string>> = { submit: 's', execute: 'x', openUrl: 'u' };
const BUTTON_KINDS_BY_CODE: Readonly<Record<string, ButtonKind>> = { s: 'submit', x: 'execute', u: 'openUrl' };

function withinLimit(identifier: string, max: number, what: string, details: Record<string, unknown>): string {
  if (identifier.length > max) {
    throw new CardRenderError(`${what} is ${identifier.length} characters; Slack allows ${max}. Shorten it in the card template.`, {
      ...details,
      length: identifier.length,
      max,
    });
  }
  return identifier;
}

export function inputBlockId(inputId: string): string {
  return withinLimit(`${INPUT_BLOCK_PREFIX}${inputId}`, SLACK_LIMITS.blockId, `The block id for input "${inputId.slice(0, 40)}"`, {
    reason: 'input-id-too-long',
  });
}

export function inputActionId(kind: InputKind, valueOff?: string): string {
  const actionId = kind === 'toggle' ? `${INPUT_BLOCK_PREFIX}toggle:${valueOff ?? 'false'}` : `${INPUT_BLOCK_PREFIX}${kind}`;
  return withinLimit(actionId, SLACK_LIMITS.actionId, "A toggle's valueOff", { reason: 'toggle-value-too-long' });
}

/** The element block id, or undefined when the id is too long to be one (an id on a display element is cosmetic). */
export function elementBlockId(elementId: string, extraIndex: number): string | undefined {
  const blockId = extraIndex === 0 ? `${ELEMENT_BLOCK_PREFIX}${elementId}` : `${ELEMENT_BLOCK_PREFIX}${elementId}:${extraIndex}`;
  return blockId.length <= SLACK_LIMITS.blockId ? blockId : undefined;
}

export function buttonActionId(kind: ButtonKind, index: number, verb?: string): string {
  const base = `${ACTION_ID_PREFIX}${BUTTON_KIND_CODES[kind]}:${index}`;
  const actionId = kind === 'execute' ? `${base}:${verb ?? ''}` : base;
  return withinLimit(actionId, SLACK_LIMITS.actionId, `The verb of action ${index}`, { reason: 'verb-too-long' });
}

export interface DecodedButton {
  kind: ButtonKind;
  /** The button's position among the card's buttons. */
  index: number;
  /** Action.Execute's verb ('' when the card gave none). */
  verb?: string;
}

/** Reads a button's action_id back; undefined for an action_id this renderer did not make. */
export function decodeButtonActionId(actionId: string): DecodedButton | undefined {
  const match = /^rd:([sxu]):(\d+)(?::(.*))?$/s.exec(actionId);
  if (!match) return undefined;
  const kind = BUTTON_KINDS_BY_CODE[match[1] as string] as ButtonKind;
  const index = Number.parseInt(match[2] as string, 10);
  if (kind === 'execute') return { kind, index, verb: match[3] ?? '' };
  return match[3] === undefined ? { kind, index } : undefined;
}

/**
 * The button value: the action's data as compact JSON. Data that does not fit is a card template bug (button data
 * should be ids and verbs, not names or documents), reported loudly rather than cut or parked somewhere.
 */
export function encodeButtonValue(data: unknown, actionTitle: string): string | undefined {
  if (data === undefined) return undefined;
  const value = JSON.stringify(data);
  if (value === undefined) return undefined;
  if (value.length > SLACK_LIMITS.buttonValue) {
    throw new CardRenderError(
      `The data of the action "${actionTitle.slice(0, 40)}" is ${value.length} characters as JSON; a Slack button carries at most ${SLACK_LIMITS.buttonValue}. Put ids in the action data, not whole records.`,
      { reason: 'button-value-too-long', length: value.length, max: SLACK_LIMITS.buttonValue },
    );
  }
  return value;
}

/** The action data back from a clicked button's value (undefined when the action had no data). */
export function decodeButtonValue(value: string | undefined): unknown {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new InvalidInputError('A button value is not the JSON this bot put there.', { reason: 'button-value-not-json' });
  }
}

/** One entry of Slack's `state.values[blockId][actionId]`. */
interface SlackStateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[] | null;
  selected_date?: string | null;
  selected_time?: string | null;
}

/**
 * Slack's `state.values` (sent with every button click) as the input values Teams would submit with the card: keyed
 * by input id, strings, several choices comma-separated, a toggle as its valueOn or valueOff. Blocks this renderer
 * did not make are ignored; an input Slack reports without a value (or with no choice made) is left out.
 */
export function inputValuesFromState(stateValues: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (!isRecord(stateValues)) return values;
  for (const [blockId, actions] of Object.entries(stateValues)) {
    if (!blockId.startsWith(INPUT_BLOCK_PREFIX) || !isRecord(actions)) continue;
    const inputId = blockId.slice(INPUT_BLOCK_PREFIX.length);
    for (const [actionId, raw] of Object.entries(actions)) {
      const input = parseInputActionId(actionId);
      if (!input || !isRecord(raw)) continue;
      const value = readStateValue(input.kind, input.valueOff, raw as SlackStateValue);
      if (value !== undefined) values[inputId] = value;
    }
  }
  return values;
}

function parseInputActionId(actionId: string): { kind: InputKind; valueOff: string } | undefined {
  if (!actionId.startsWith(INPUT_BLOCK_PREFIX)) return undefined;
  const rest = actionId.slice(INPUT_BLOCK_PREFIX.length);
  const separator = rest.indexOf(':');
  const kind = separator < 0 ? rest : rest.slice(0, separator);
  if (!INPUT_KINDS.has(kind)) return undefined;
  return { kind: kind as InputKind, valueOff: separator < 0 ? '' : rest.slice(separator + 1) };
}

function readStateValue(kind: InputKind, valueOff: string, state: SlackStateValue): string | undefined {
  switch (kind) {
    case 'text':
    case 'number':
      return state.value ?? undefined;
    case 'date':
      return state.selected_date ?? undefined;
    case 'time':
      return state.selected_time ?? undefined;
    case 'choice':
      return state.selected_option?.value ?? undefined;
    case 'choices':
      return state.selected_options && state.selected_options.length > 0 ? state.selected_options.map((option) => option.value ?? '').join(',') : undefined;
    case 'toggle':
      return state.selected_options && state.selected_options.length > 0 ? (state.selected_options[0]?.value ?? valueOff) : valueOff;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
