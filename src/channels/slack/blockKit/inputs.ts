import type { types as Slack } from '@slack/bolt';
import { CardRenderError } from '../../../errors';
import type { RenderContext } from './context';
import { inputActionId, inputBlockId } from './ids';
import { SLACK_LIMITS } from './limits';
import { fitText, plainLiteral, plainTextObject, singleLine } from './mrkdwn';
import { describe, enumOf, isRecord, listOf, nonBlankText, textOf, type JsonRecord } from './read';

/**
 * Card inputs → `input` blocks. Values that carry data (an input's id, a choice's value, a toggle's values) are
 * never shortened: one Slack cannot hold is a CardRenderError. Display text (labels, placeholders, choice titles)
 * is shortened with an ellipsis. Slack does not check `isRequired`, `regex` or `maxLength` when a message button
 * is clicked (only in modals), so the dialog must check the submitted values again; `optional` and `max_length`
 * are still set so Slack shows them.
 */

export const INPUT_TYPES: ReadonlySet<string> = new Set(['Input.Text', 'Input.Number', 'Input.Date', 'Input.Time', 'Input.Toggle', 'Input.ChoiceSet']);

export function renderInput(input: JsonRecord, context: RenderContext): Slack.KnownBlock[] {
  const id = textOf(input.id);
  if (id === undefined || id.length === 0) {
    throw new CardRenderError(`An ${String(input.type)} has no id, so its value could not be read back. Give it an id.`, {
      reason: 'input-without-id',
    });
  }
  if (context.inputIds.has(id)) {
    throw new CardRenderError(`Two inputs share the id "${id.slice(0, 60)}". Input ids must be unique in a card.`, {
      reason: 'duplicate-input-id',
    });
  }
  context.inputIds.add(id);
  const blockId = inputBlockId(id);
  context.blockIds.add(blockId);

  const placeholder = nonBlankText(input.placeholder);
  const labelSource = nonBlankText(input.label) ?? (input.type === 'Input.Toggle' ? nonBlankText(input.title) : undefined) ?? placeholder ?? 'Answer';
  const label = fitText(singleLine(labelSource.trim()), plainLiteral, SLACK_LIMITS.inputLabel).text;
  const placeholderObject =
    placeholder === undefined ? undefined : plainTextObject(fitText(singleLine(placeholder.trim()), plainLiteral, SLACK_LIMITS.placeholder).text);

  const rendered = renderElement(input, id, placeholderObject, context);
  if (rendered === undefined) {
    return [{ type: 'context', elements: [plainTextObject(`${label}: nothing to choose from.`)] }];
  }
  const block: Slack.InputBlock = {
    type: 'input',
    block_id: blockId,
    label: plainTextObject(label),
    optional: input.isRequired !== true,
    element: rendered.element,
  };
  if (rendered.hint !== undefined) block.hint = plainTextObject(rendered.hint);
  return [block];
}

interface RenderedInput {
  element: Slack.InputBlockElement;
  hint?: string;
}

function renderElement(input: JsonRecord, id: string, placeholder: Slack.PlainTextElement | undefined, context: RenderContext): RenderedInput | undefined {
  switch (input.type) {
    case 'Input.Text':
      return renderTextInput(input, placeholder, context);
    case 'Input.Number': {
      // A plain text input rather than number_input, which Slack documented for modals only: the message must
      // post on every workspace, and the dialogs check the number anyway. The range goes into the placeholder.
      const element: Slack.PlainTextInput = { type: 'plain_text_input', action_id: inputActionId('number') };
      const initial = numberText(input.value);
      const min = numberText(input.min);
      const max = numberText(input.max);
      if (initial !== undefined) element.initial_value = initial;
      const range =
        min !== undefined && max !== undefined
          ? `A number from ${min} to ${max}`
          : min !== undefined
            ? `A number from ${min}`
            : max !== undefined
              ? `A number up to ${max}`
              : undefined;
      if (placeholder) element.placeholder = placeholder;
      else if (range) element.placeholder = { type: 'plain_text', text: range };
      return { element };
    }
    case 'Input.Date': {
      const element: Slack.Datepicker = { type: 'datepicker', action_id: inputActionId('date') };
      const initial = textOf(input.value);
      if (initial !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(initial)) element.initial_date = initial;
      if (placeholder) element.placeholder = placeholder;
      return { element };
    }
    case 'Input.Time': {
      const element: Slack.Timepicker = { type: 'timepicker', action_id: inputActionId('time') };
      const initial = textOf(input.value);
      if (initial !== undefined && /^\d{2}:\d{2}$/.test(initial)) element.initial_time = initial;
      if (placeholder) element.placeholder = placeholder;
      return { element };
    }
    case 'Input.Toggle':
      return renderToggle(input, id);
    default:
      // Input.ChoiceSet: renderInput is only called for INPUT_TYPES.
      return renderChoiceSet(input, id, placeholder, context);
  }
}

function renderTextInput(input: JsonRecord, placeholder: Slack.PlainTextElement | undefined, context: RenderContext): RenderedInput {
  const element: Slack.PlainTextInput = { type: 'plain_text_input', action_id: inputActionId('text') };
  if (input.isMultiline === true) element.multiline = true;
  if (placeholder) element.placeholder = placeholder;
  const maxLength = input.maxLength;
  if (typeof maxLength === 'number' && Number.isInteger(maxLength) && maxLength > 0) {
    element.max_length = Math.min(maxLength, SLACK_LIMITS.plainTextInputMaxLength);
  }
  const initial = textOf(input.value);
  let hint: string | undefined;
  if (initial !== undefined && initial.length > 0) {
    // The prefilled value is data the agent submits back: never shorten it; leave it out and say so instead.
    if (initial.length <= SLACK_LIMITS.initialValue) {
      element.initial_value = initial;
    } else {
      hint = 'The current value is too long to show here; type it again.';
      context.warnings.push(`left out the ${initial.length}-character value of ${describe(input)}`);
    }
  }
  return hint === undefined ? { element } : { element, hint };
}

function renderToggle(input: JsonRecord, id: string): RenderedInput {
  const valueOn = textOf(input.valueOn) ?? 'true';
  const valueOff = textOf(input.valueOff) ?? 'false';
  checkOptionValue(valueOn, id);
  const title = nonBlankText(input.title) ?? nonBlankText(input.label) ?? 'Yes';
  const option: Slack.PlainTextOption = {
    text: plainTextObject(fitText(singleLine(title.trim()), plainLiteral, SLACK_LIMITS.optionText).text),
    value: valueOn,
  };
  const element: Slack.Checkboxes = { type: 'checkboxes', action_id: inputActionId('toggle', valueOff), options: [option] };
  if (textOf(input.value) === valueOn) element.initial_options = [option];
  return { element };
}

function renderChoiceSet(input: JsonRecord, id: string, placeholder: Slack.PlainTextElement | undefined, context: RenderContext): RenderedInput | undefined {
  const options: Slack.PlainTextOption[] = [];
  const seen = new Set<string>();
  for (const choice of listOf(input.choices)) {
    const value = isRecord(choice) ? textOf(choice.value) : undefined;
    if (!isRecord(choice) || value === undefined) {
      context.warnings.push(`skipped a choice without a value in ${describe(input)}`);
      continue;
    }
    if (seen.has(value)) {
      context.warnings.push(`skipped a repeated choice value in ${describe(input)}`);
      continue;
    }
    seen.add(value);
    checkOptionValue(value, id);
    const title = nonBlankText(choice.title) ?? nonBlankText(value) ?? '(empty)';
    options.push({ text: plainTextObject(fitText(singleLine(title.trim()), plainLiteral, SLACK_LIMITS.optionText).text), value });
  }
  if (options.length === 0) {
    context.warnings.push(`${describe(input)} has no choices`);
    return undefined;
  }
  if (options.length > SLACK_LIMITS.optionsPerSelect) {
    throw new CardRenderError(
      `The choice set "${id.slice(0, 60)}" has ${options.length} choices; Slack lists at most ${SLACK_LIMITS.optionsPerSelect}. Page the choices in the dialog.`,
      { reason: 'too-many-choices', count: options.length, max: SLACK_LIMITS.optionsPerSelect },
    );
  }

  const multiSelect = input.isMultiSelect === true;
  const initialValues = initialChoiceValues(textOf(input.value), multiSelect);
  const initialOptions = options.filter((option) => option.value !== undefined && initialValues.has(option.value));
  const expanded = enumOf(input.style) === 'expanded';
  const asButtons = expanded && options.length <= SLACK_LIMITS.optionsPerButtonGroup;
  if (expanded && !asButtons) context.warnings.push(`${describe(input)} has too many choices for buttons; shown as a menu`);

  if (multiSelect) {
    const element: Slack.Checkboxes | Slack.MultiStaticSelect = asButtons
      ? { type: 'checkboxes', action_id: inputActionId('choices'), options }
      : { type: 'multi_static_select', action_id: inputActionId('choices'), options };
    if (initialOptions.length > 0) element.initial_options = initialOptions;
    if (element.type === 'multi_static_select' && placeholder) element.placeholder = placeholder;
    return { element };
  }
  const element: Slack.RadioButtons | Slack.StaticSelect = asButtons
    ? { type: 'radio_buttons', action_id: inputActionId('choice'), options }
    : { type: 'static_select', action_id: inputActionId('choice'), options };
  const [initialOption] = initialOptions;
  if (initialOption) element.initial_option = initialOption;
  if (element.type === 'static_select' && placeholder) element.placeholder = placeholder;
  return { element };
}

function initialChoiceValues(value: string | undefined, multiSelect: boolean): Set<string> {
  if (value === undefined || value.length === 0) return new Set();
  return new Set(multiSelect ? value.split(',') : [value]);
}

function checkOptionValue(value: string, inputId: string): void {
  if (value.length > SLACK_LIMITS.optionValue) {
    throw new CardRenderError(
      `A value of the input "${inputId.slice(0, 60)}" is ${value.length} characters; Slack allows ${SLACK_LIMITS.optionValue}. Use ids as choice values.`,
      { reason: 'option-value-too-long', length: value.length, max: SLACK_LIMITS.optionValue },
    );
  }
}

/** A number as Slack's number_input wants it (a decimal string), from a JSON number or a numeric string. */
function numberText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return value.trim();
  return undefined;
}
