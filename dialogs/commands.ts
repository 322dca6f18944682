/** The commands an agent can type, with or without the slash, after an @mention or not. */
export const FLOW_COMMANDS = ['refund', 'exchange', 'reservation', 'requests', 'scope', 'renew', 'access'] as const;
/** One-answer commands of the desk's own (SPEC section 9); typed like the flows, not in Teams' 10-entry command menu. */
export const DESK_COMMANDS = ['cap', 'subscribe', 'subscriptions', 'unsubscribe'] as const;
export type DeskCommandName = (typeof DESK_COMMANDS)[number];
export const COMMANDS = [...FLOW_COMMANDS, ...DESK_COMMANDS, 'help', 'cancel'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface ParsedCommand {
  name: CommandName;
  /** What follows the command word, e.g. the customer text of `/refund contoso`. */
  rest: string;
}

const MENTION = /<at>[^<]*<\/at>/gi;

/** Teams leaves `<at>Bot</at>` in the text of a channel message; Slack's adapter strips `<@U…>` before. */
export function normalizeText(text: string | undefined): string {
  return (text ?? '').replace(MENTION, ' ').replace(/\s+/g, ' ').trim();
}

export function parseCommand(text: string): ParsedCommand | undefined {
  const match = /^\/?([a-z]+)\b\s*(.*)$/i.exec(text);
  if (!match) return undefined;
  const word = match[1].toLowerCase();
  const name = (COMMANDS as readonly string[]).includes(word) ? (word as CommandName) : undefined;
  return name ? { name, rest: match[2].trim().slice(0, 200) } : undefined;
}

export const GENERAL_HELP = [
  'I quote and file Azure reservation refunds and exchanges for your customers, and manage their reservations.',
  '• /refund [customer] — quote a refund and file it with Microsoft',
  '• /exchange [customer] — quote an exchange for another reservation and file it',
  '• /reservation [customer] — a reservation\'s expiry, scope, utilization and IDs',
  '• /requests [customer] — open and recent requests and their state; /requests export [customer] — the finance export (CSV)',
  '• /scope [customer] — show and change where a reservation\'s discount applies',
  '• /renew [customer] — show and turn automatic renewal at expiry on or off',
  '• /access [customer] — who may manage or read a reservation; grant or revoke Reservations Reader / Administrator',
  '• Rename a reservation with the button on its /reservation card. Changes need Admin agent or Global admin.',
  '• /cap customer — the yearly refund cap: consumed, remaining, and when past refunds free it up',
  '• /subscribe topics customer|all — hear about expiry, underused or credits here; /subscriptions, /unsubscribe',
  '• help — what the current step expects; cancel — stop the current flow',
].join('\n');
