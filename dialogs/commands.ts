import { t } from '../src/i18n';

/** The commands an agent can type, with or without the slash, after an @mention or not. */
export const FLOW_COMMANDS = ['refund', 'exchange', 'reservation', 'requests', 'scope', 'renew', 'access'] as const;
/** One-answer commands of the desk's own (SPEC section 9); typed like the flows, not in Teams' 10-entry command menu. */
export const DESK_COMMANDS = ['cap', 'subscribe', 'subscriptions', 'unsubscribe'] as const;
export type DeskCommandName = (typeof DESK_COMMANDS)[number];
export const COMMANDS = [...FLOW_COMMANDS, ...DESK_COMMANDS, 'help', 'cancel', 'language'] as const;
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

/** German words for the same commands (SPEC section 10); umlauts may be typed as such or as ae/oe/ue. */
const ALIASES: ReadonlyMap<string, CommandName> = new Map([
  ['hilfe', 'help'],
  ['abbrechen', 'cancel'],
  ['sprache', 'language'],
  ['erstattung', 'refund'],
  ['umtausch', 'exchange'],
  ['reservierung', 'reservation'],
  ['anträge', 'requests'],
  ['antraege', 'requests'],
  ['bereich', 'scope'],
  ['verlängerung', 'renew'],
  ['verlaengerung', 'renew'],
  ['zugriff', 'access'],
  ['grenze', 'cap'],
  ['abonnieren', 'subscribe'],
  ['abonnements', 'subscriptions'],
  ['abbestellen', 'unsubscribe'],
]);

/** The command word (letters of any script, so `anträge` counts) and what follows it. */
const COMMAND_TEXT = /^\/?(\p{L}+)(?![\p{L}\p{N}_])\s*(.*)$/su;

export function parseCommand(text: string): ParsedCommand | undefined {
  const match = COMMAND_TEXT.exec(text);
  if (!match) return undefined;
  const word = match[1].toLowerCase();
  const name = (COMMANDS as readonly string[]).includes(word) ? (word as CommandName) : ALIASES.get(word);
  return name ? { name, rest: match[2].trim().slice(0, 200) } : undefined;
}

/** The command list in English (the 'help.general' message of the catalog; turns answer in their own language). */
export const GENERAL_HELP = t('en', 'help.general');
