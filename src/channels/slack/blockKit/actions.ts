import type { types as Slack } from '@slack/bolt';
import type { RenderContext } from './context';
import { buttonActionId, encodeButtonValue } from './ids';
import { SLACK_LIMITS } from './limits';
import { fitText, plainLiteral, plainTextObject, singleLine } from './mrkdwn';
import { enumOf, isRecord, nonBlankText, textOf, type JsonRecord } from './read';

/**
 * Card actions → `actions` blocks of buttons (25 a block; more buttons make more blocks, none is dropped).
 * Action.Submit and Action.Execute carry their data as the button value (ids.ts); Action.OpenUrl is a link button.
 * Other action types (ShowCard, ToggleVisibility, …) use their `fallback` action if they have one, else are left out.
 */
export function renderActionBlocks(actions: unknown[], context: RenderContext): Slack.ActionsBlock[] {
  const buttons: Slack.Button[] = [];
  for (const action of actions) {
    const button = renderButton(action, context);
    if (button) buttons.push(button);
  }
  const blocks: Slack.ActionsBlock[] = [];
  for (let start = 0; start < buttons.length; start += SLACK_LIMITS.actionsPerBlock) {
    blocks.push({ type: 'actions', elements: buttons.slice(start, start + SLACK_LIMITS.actionsPerBlock) });
  }
  return blocks;
}

const BUTTON_STYLES: Readonly<Record<string, Slack.Button['style']>> = { positive: 'primary', destructive: 'danger' };

const DEFAULT_TITLES: Readonly<Record<string, string>> = {
  'Action.Submit': 'Submit',
  'Action.Execute': 'Submit',
  'Action.OpenUrl': 'Open',
};

function renderButton(raw: unknown, context: RenderContext): Slack.Button | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') {
    context.warnings.push('skipped a malformed action');
    return undefined;
  }
  const action: JsonRecord = raw;
  const type = action.type as string;
  if (!(type in DEFAULT_TITLES)) {
    if (isRecord(action.fallback)) return renderButton(action.fallback, context);
    context.warnings.push(`skipped action ${type}: not supported in Slack`);
    return undefined;
  }
  if (action.isEnabled === false) {
    context.warnings.push(`skipped disabled action ${type}`);
    return undefined;
  }

  const title = nonBlankText(action.title) ?? DEFAULT_TITLES[type] ?? 'Submit';
  const text = fitText(singleLine(title.trim()), plainLiteral, SLACK_LIMITS.buttonText);
  if (text.truncated) context.warnings.push(`shortened the title of action ${type}`);
  const style = BUTTON_STYLES[enumOf(action.style)];
  const button: Slack.Button = { type: 'button', text: plainTextObject(text.text), action_id: '' };
  if (style) button.style = style;

  if (type === 'Action.OpenUrl') {
    const url = textOf(action.url);
    if (url === undefined || !isHttpUrl(url) || url.length > SLACK_LIMITS.buttonUrl) {
      context.warnings.push('skipped an Action.OpenUrl whose url is not an http(s) URL Slack accepts');
      return undefined;
    }
    button.url = url;
    button.action_id = buttonActionId('openUrl', context.buttonCount);
  } else {
    const verb = type === 'Action.Execute' ? (textOf(action.verb) ?? '') : undefined;
    button.action_id = buttonActionId(type === 'Action.Execute' ? 'execute' : 'submit', context.buttonCount, verb);
    const value = encodeButtonValue(action.data, title);
    if (value !== undefined) button.value = value;
  }
  context.buttonCount += 1;
  return button;
}

/** Slack opens only web links; anything else (javascript:, data:, relative) is refused by Slack or unsafe. */
export function isHttpUrl(url: string): boolean {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
