import { createHmac, randomUUID } from 'node:crypto';
import type { App } from '../../src/app';
import type { SlackStandIn, StandInMessage } from './slackStandIn';

type Json = Record<string, unknown>;

export interface SlackUser {
  team: string;
  user: string;
}

export const SIGNING_SECRET = 'e2e-slack-signing-secret-0123456789';

/** Slack's v0 signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function sign(body: string, timestamp: number, secret: string = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedPost {
  path: string;
  body: string;
  contentType?: string;
  timestamp?: number;
  signature?: string;
  headers?: Record<string, string>;
}

interface FoundButton {
  message: StandInMessage;
  button: Json;
}

function buttonsOf(message: StandInMessage): Json[] {
  const found: Json[] = [];
  for (const block of message.blocks) {
    if (block.type !== 'actions') continue;
    for (const element of (block.elements ?? []) as Json[]) if (element.type === 'button') found.push(element);
  }
  return found;
}

function titleOf(button: Json): string {
  return String((button.text as Json | undefined)?.text ?? '');
}

/** Slack's state.values for a message's input blocks: the given values, else what each input shows initially. */
function stateValuesOf(message: StandInMessage, inputs: Record<string, string>): Json {
  const values: Json = {};
  for (const block of message.blocks) {
    if (block.type !== 'input') continue;
    const blockId = String(block.block_id);
    const inputId = blockId.replace(/^rdin:/, '');
    const element = block.element as Json;
    const given = inputs[inputId];
    const actionId = String(element.action_id);
    const type = String(element.type);
    let state: Json;
    switch (type) {
      case 'static_select':
      case 'radio_buttons': {
        const initial = (element.initial_option as Json | undefined)?.value;
        const value = given ?? initial;
        state = { type, selected_option: value === undefined ? null : { value } };
        break;
      }
      case 'checkboxes':
      case 'multi_static_select': {
        const initial = ((element.initial_options ?? []) as Json[]).map((o) => String(o.value));
        const chosen = given === undefined ? initial : given.split(',').filter(Boolean);
        state = { type, selected_options: chosen.map((value) => ({ value })) };
        break;
      }
      case 'datepicker':
        state = { type, selected_date: given ?? element.initial_date ?? null };
        break;
      case 'timepicker':
        state = { type, selected_time: given ?? element.initial_time ?? null };
        break;
      default:
        state = { type, value: given ?? element.initial_value ?? null };
    }
    values[blockId] = { [actionId]: state };
  }
  return values;
}

/**
 * Plays a Slack user over real HTTP: signed slash commands and block_actions to the bot, the bot's answers read
 * from the stand-in Web API. After each request it waits for the bot's turns (they run after the ack) to finish.
 */
export class SlackClient {
  constructor(
    private readonly botUrl: string,
    private readonly app: App,
    private readonly slack: SlackStandIn,
    readonly who: SlackUser,
    readonly channel: string = `C${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
  ) {}

  async post(request: SignedPost): Promise<{ status: number; body: string }> {
    const timestamp = request.timestamp ?? Math.floor(Date.now() / 1000);
    const response = await fetch(`${this.botUrl}${request.path}`, {
      method: 'POST',
      headers: {
        'content-type': request.contentType ?? 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': request.signature ?? sign(request.body, timestamp),
        ...request.headers,
      },
      body: request.body,
    });
    const body = await response.text();
    await this.app.slack!.bridge.idle();
    return { status: response.status, body };
  }

  commandBody(command: string, text: string, triggerId: string = randomUUID()): string {
    return new URLSearchParams({
      token: 'deprecated',
      team_id: this.who.team,
      team_domain: 'northbeam',
      channel_id: this.channel,
      channel_name: 'desk',
      user_id: this.who.user,
      user_name: this.who.user.toLowerCase(),
      command,
      text,
      api_app_id: 'A07RESDESK',
      response_url: this.slack.responseUrl(triggerId),
      trigger_id: triggerId,
    }).toString();
  }

  async command(command: string, text: string, headers?: Record<string, string>): Promise<number> {
    return (await this.post({ path: '/api/slack/commands', body: this.commandBody(command, text), headers })).status;
  }

  /** The messages of this channel, oldest first, in their latest form. */
  messages(): StandInMessage[] {
    return [...this.slack.messages.values()].filter((m) => m.channel === this.channel);
  }

  lastMessage(): StandInMessage {
    const all = this.messages();
    if (all.length === 0) throw new Error('the bot has posted nothing in this channel');
    return all[all.length - 1] as StandInMessage;
  }

  buttonTitles(): string[] {
    return this.messages().flatMap((m) => buttonsOf(m).map(titleOf));
  }

  findButton(title: string): FoundButton {
    for (const message of this.messages().reverse()) {
      const button = buttonsOf(message).find((b) => titleOf(b) === title);
      if (button) return { message, button };
    }
    throw new Error(`no button "${title}" in ${JSON.stringify(this.buttonTitles())}`);
  }

  /** The block_actions payload Slack sends when this user clicks a button. */
  clickBody(title: string, inputs: Record<string, string> = {}, actionTs: string = `${Date.now() / 1000}`): string {
    const { message, button } = this.findButton(title);
    const payload = {
      type: 'block_actions',
      team: { id: this.who.team, domain: 'northbeam' },
      user: { id: this.who.user, team_id: this.who.team },
      api_app_id: 'A07RESDESK',
      container: { type: 'message', message_ts: message.ts, channel_id: this.channel, is_ephemeral: false },
      channel: { id: this.channel, name: 'desk' },
      message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks },
      state: { values: stateValuesOf(message, inputs) },
      response_url: this.slack.responseUrl(`click-${message.ts}`),
      trigger_id: randomUUID(),
      actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', text: button.text, value: button.value, action_ts: actionTs }],
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  async click(title: string, inputs: Record<string, string> = {}): Promise<number> {
    return (await this.post({ path: '/api/slack/interactivity', body: this.clickBody(title, inputs) })).status;
  }
}

/** A message's facts, read back from its section fields / text as "Label: value" pairs. */
export function textOfMessage(message: StandInMessage): string {
  return JSON.stringify(message.blocks) + message.text;
}
