/**
 * Slack's Block Kit limits that the renderer enforces (docs.slack.dev, Block Kit reference). Slack rejects a whole
 * message (`invalid_blocks`) when any one of them is exceeded, so every rendered message must stay inside all of them.
 * Lengths are counted in UTF-16 code units (JavaScript `length`), which is never less than Slack's own count.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  /** Slack does not state one for context texts; 2000 (the field limit) is a safe bound. */
  contextText: 2000,
  actionsPerBlock: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  initialValue: 3000,
  placeholder: 150,
  /** `max_length` of a plain_text_input may not exceed this. */
  plainTextInputMaxLength: 3000,
  optionText: 75,
  optionValue: 150,
  optionsPerSelect: 100,
  /** radio_buttons and checkboxes. */
  optionsPerButtonGroup: 10,
  blockId: 255,
  actionId: 255,
  imageUrl: 3000,
  altText: 2000,
  /**
   * The message's top-level `text` (notifications, screen readers). Slack truncates beyond 40,000; a notification
   * shows a line or two, so the renderer keeps it well below.
   */
  messageText: 3000,
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Walks a rendered message and lists every Slack limit it breaks, as readable strings ("blocks[3].text.text: 3012 >
 * 3000"). An empty list means Slack's size checks will accept it. Used by the tests as an independent oracle, and
 * usable as a last assertion before posting.
 */
export function findLimitViolations(message: { blocks: readonly unknown[]; text: string }): string[] {
  const problems: string[] = [];
  const tooLong = (path: string, value: unknown, max: number): void => {
    if (typeof value === 'string' && value.length > max) problems.push(`${path}: ${value.length} > ${max}`);
  };
  const tooMany = (path: string, value: unknown, max: number): void => {
    if (Array.isArray(value) && value.length > max) problems.push(`${path}: ${value.length} items > ${max}`);
  };
  const emptyText = (path: string, textObject: unknown): void => {
    const text = (textObject as { text?: unknown } | undefined)?.text;
    if (typeof text !== 'string' || text.trim().length === 0) problems.push(`${path}: empty text`);
  };

  tooMany('blocks', message.blocks, SLACK_LIMITS.blocksPerMessage);
  tooLong('text', message.text, SLACK_LIMITS.messageText);
  if (message.text.trim().length === 0) problems.push('text: empty');

  message.blocks.forEach((raw, index) => {
    const block = raw as Record<string, Json>;
    const at = `blocks[${index}]`;
    tooLong(`${at}.block_id`, block.block_id, SLACK_LIMITS.blockId);
    switch (block.type) {
      case 'header':
        emptyText(`${at}.text`, block.text);
        tooLong(`${at}.text.text`, textOf(block.text), SLACK_LIMITS.headerText);
        break;
      case 'section':
        if (block.text === undefined && block.fields === undefined) problems.push(`${at}: neither text nor fields`);
        if (block.text !== undefined) emptyText(`${at}.text`, block.text);
        tooLong(`${at}.text.text`, textOf(block.text), SLACK_LIMITS.sectionText);
        tooMany(`${at}.fields`, block.fields, SLACK_LIMITS.sectionFields);
        asArray(block.fields).forEach((field, f) => {
          emptyText(`${at}.fields[${f}]`, field);
          tooLong(`${at}.fields[${f}].text`, textOf(field), SLACK_LIMITS.fieldText);
        });
        break;
      case 'context':
        tooMany(`${at}.elements`, block.elements, SLACK_LIMITS.contextElements);
        asArray(block.elements).forEach((element, e) => {
          if ((element as { type?: unknown }).type === 'image') return;
          emptyText(`${at}.elements[${e}]`, element);
          tooLong(`${at}.elements[${e}].text`, textOf(element), SLACK_LIMITS.contextText);
        });
        break;
      case 'image':
        tooLong(`${at}.image_url`, block.image_url, SLACK_LIMITS.imageUrl);
        tooLong(`${at}.alt_text`, block.alt_text, SLACK_LIMITS.altText);
        break;
      case 'actions':
        tooMany(`${at}.elements`, block.elements, SLACK_LIMITS.actionsPerBlock);
        asArray(block.elements).forEach((element, e) => checkElement(`${at}.elements[${e}]`, element));
        break;
      case 'input':
        emptyText(`${at}.label`, block.label);
        tooLong(`${at}.label.text`, textOf(block.label), SLACK_LIMITS.inputLabel);
        tooLong(`${at}.hint.text`, textOf(block.hint), SLACK_LIMITS.inputHint);
        checkElement(`${at}.element`, block.element);
        break;
      default:
        break;
    }
  });
  return problems;

  function checkElement(at: string, raw: Json | undefined): void {
    const element = (raw ?? {}) as Record<string, Json>;
    tooLong(`${at}.action_id`, element.action_id, SLACK_LIMITS.actionId);
    tooLong(`${at}.placeholder.text`, textOf(element.placeholder), SLACK_LIMITS.placeholder);
    switch (element.type) {
      case 'button':
        emptyText(`${at}.text`, element.text);
        tooLong(`${at}.text.text`, textOf(element.text), SLACK_LIMITS.buttonText);
        tooLong(`${at}.value`, element.value, SLACK_LIMITS.buttonValue);
        tooLong(`${at}.url`, element.url, SLACK_LIMITS.buttonUrl);
        break;
      case 'plain_text_input':
        tooLong(`${at}.initial_value`, element.initial_value, SLACK_LIMITS.initialValue);
        if (typeof element.max_length === 'number' && element.max_length > SLACK_LIMITS.plainTextInputMaxLength) {
          problems.push(`${at}.max_length: ${element.max_length} > ${SLACK_LIMITS.plainTextInputMaxLength}`);
        }
        break;
      case 'static_select':
      case 'multi_static_select':
        checkOptions(at, element.options, SLACK_LIMITS.optionsPerSelect);
        break;
      case 'radio_buttons':
      case 'checkboxes':
        checkOptions(at, element.options, SLACK_LIMITS.optionsPerButtonGroup);
        break;
      default:
        break;
    }
  }

  function checkOptions(at: string, options: Json | undefined, max: number): void {
    tooMany(`${at}.options`, options, max);
    if (asArray(options).length === 0) problems.push(`${at}.options: none`);
    asArray(options).forEach((option, o) => {
      const record = option as Record<string, Json>;
      emptyText(`${at}.options[${o}].text`, record.text);
      tooLong(`${at}.options[${o}].text.text`, textOf(record.text), SLACK_LIMITS.optionText);
      tooLong(`${at}.options[${o}].value`, record.value, SLACK_LIMITS.optionValue);
    });
  }
}

function textOf(textObject: Json | undefined): unknown {
  return textObject !== null && typeof textObject === 'object' && !Array.isArray(textObject) ? textObject.text : undefined;
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}
