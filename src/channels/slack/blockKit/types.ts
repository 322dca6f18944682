import type { types as Slack } from '@slack/bolt';

/**
 * The Adaptive Card subset the Slack renderer understands (schema 1.0–1.6; Teams renders 1.5, parts of 1.6).
 * These types document what card templates in `cards/` may use if they are to look right in Slack; the renderer
 * itself reads any JSON defensively (an expanded template can hold numbers where strings are expected, or elements
 * it does not know), so nothing here is trusted at run time. docs/block-kit-rendering.md describes the mapping.
 */

export type TextSize = 'Default' | 'Small' | 'Medium' | 'Large' | 'ExtraLarge';
export type TextWeight = 'Default' | 'Lighter' | 'Bolder';
export type TextColor = 'Default' | 'Dark' | 'Light' | 'Accent' | 'Good' | 'Warning' | 'Attention';

/** Properties every element may carry. */
export interface ElementBase {
  id?: string;
  /** `false` hides the element in Teams; the renderer leaves it out. */
  isVisible?: boolean;
  /** A line above the element; rendered as a divider. */
  separator?: boolean;
  /** Used in place of an element this renderer does not know; `"drop"` leaves it out. */
  fallback?: CardElement | 'drop';
}

export interface TextBlock extends ElementBase {
  type: 'TextBlock';
  text: string;
  size?: TextSize;
  weight?: TextWeight;
  isSubtle?: boolean;
  color?: TextColor;
  wrap?: boolean;
  /** 1.5: `heading` renders as a header. */
  style?: 'default' | 'heading';
}

export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: TextWeight;
  italic?: boolean;
  strikethrough?: boolean;
  fontType?: 'Default' | 'Monospace';
}

export interface RichTextBlock extends ElementBase {
  type: 'RichTextBlock';
  inlines: (TextRun | string)[];
}

export interface Fact {
  title: string;
  value: string;
}

export interface FactSet extends ElementBase {
  type: 'FactSet';
  facts: Fact[];
}

export interface Column extends ElementBase {
  type?: 'Column';
  items?: CardElement[];
  width?: string | number;
}

export interface ColumnSet extends ElementBase {
  type: 'ColumnSet';
  columns: Column[];
}

export interface Container extends ElementBase {
  type: 'Container';
  items: CardElement[];
  style?: string;
}

export interface Image extends ElementBase {
  type: 'Image';
  /** Only http(s) URLs render in Slack. */
  url: string;
  altText?: string;
}

export interface TableCell {
  type?: 'TableCell';
  items: CardElement[];
}

export interface TableRow {
  type?: 'TableRow';
  cells: TableCell[];
}

/** 1.5 Table, rendered one row per line. */
export interface Table extends ElementBase {
  type: 'Table';
  rows: TableRow[];
  firstRowAsHeader?: boolean;
}

export interface ActionSet extends ElementBase {
  type: 'ActionSet';
  actions: CardAction[];
}

/** Inputs share these; `id` is required (it names the value in the submitted data). */
export interface InputBase extends ElementBase {
  id: string;
  label?: string;
  isRequired?: boolean;
  errorMessage?: string;
}

export interface InputText extends InputBase {
  type: 'Input.Text';
  placeholder?: string;
  value?: string;
  isMultiline?: boolean;
  maxLength?: number;
  /** Slack cannot check a pattern in a message; the dialog must check it again. */
  regex?: string;
}

export interface Choice {
  title: string;
  value: string;
}

export interface InputChoiceSet extends InputBase {
  type: 'Input.ChoiceSet';
  choices: Choice[];
  /** Comma-separated when `isMultiSelect`. */
  value?: string;
  placeholder?: string;
  style?: 'compact' | 'expanded';
  isMultiSelect?: boolean;
}

export interface InputToggle extends InputBase {
  type: 'Input.Toggle';
  title: string;
  value?: string;
  valueOn?: string;
  valueOff?: string;
}

export interface InputNumber extends InputBase {
  type: 'Input.Number';
  placeholder?: string;
  value?: number;
  min?: number;
  max?: number;
}

export interface InputDate extends InputBase {
  type: 'Input.Date';
  placeholder?: string;
  /** YYYY-MM-DD */
  value?: string;
}

export interface InputTime extends InputBase {
  type: 'Input.Time';
  placeholder?: string;
  /** HH:mm */
  value?: string;
}

export type CardInput = InputText | InputChoiceSet | InputToggle | InputNumber | InputDate | InputTime;

export type CardElement = TextBlock | RichTextBlock | FactSet | ColumnSet | Container | Image | Table | ActionSet | CardInput;

export type ActionStyle = 'default' | 'positive' | 'destructive';

interface ActionBase {
  title?: string;
  style?: ActionStyle;
  /** 1.5: a disabled action is left out (Slack buttons cannot be disabled). */
  isEnabled?: boolean;
  fallback?: CardAction | 'drop';
}

export interface SubmitAction extends ActionBase {
  type: 'Action.Submit';
  data?: unknown;
}

export interface ExecuteAction extends ActionBase {
  type: 'Action.Execute';
  verb?: string;
  data?: unknown;
}

export interface OpenUrlAction extends ActionBase {
  type: 'Action.OpenUrl';
  url: string;
}

export type CardAction = SubmitAction | ExecuteAction | OpenUrlAction;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body?: CardElement[];
  actions?: CardAction[];
  /** Becomes the message's `text` (notifications); a summary of the card is used when absent. */
  fallbackText?: string;
}

/** What the renderer hands to `chat.postMessage` / `chat.update` (as `blocks` and `text`). */
export interface SlackMessage {
  blocks: Slack.KnownBlock[];
  /** Neutral mrkdwn: the top-level `text` is parsed as mrkdwn by Slack. */
  text: string;
  /**
   * What was left out or shortened, for logs (element types and ids only, never card text): an unknown element, a
   * hidden one, a truncated text, blocks dropped beyond Slack's 50.
   */
  warnings: string[];
}
