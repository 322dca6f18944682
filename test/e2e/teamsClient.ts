import { randomUUID } from 'node:crypto';
import type { StandInConnector } from './standInConnector';
import { turnsSettled } from './teamsApp';

type Json = Record<string, unknown>;

export interface TeamsUser {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

interface FoundAction {
  activityId: string;
  data: Json;
}

function walkActions(node: unknown, found: Array<{ title: string; data: Json }>): void {
  if (Array.isArray(node)) {
    for (const item of node) walkActions(item, found);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const element = node as Json;
  if (element.type === 'Action.Submit' && typeof element.title === 'string') found.push({ title: element.title, data: (element.data ?? {}) as Json });
  for (const value of Object.values(element)) walkActions(value, found);
}

/** The titles of a card's Action.Submit buttons, in card order. */
export function actionTitlesOf(card: Json): string[] {
  const found: Array<{ title: string; data: Json }> = [];
  walkActions(card, found);
  return found.map((f) => f.title);
}

export function cardsOf(activity: Json): Json[] {
  const attachments = (activity.attachments ?? []) as Array<{ contentType?: string; content?: Json }>;
  return attachments.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content as Json);
}

/**
 * Plays a Teams user over real HTTP: posts Bot Framework activities to the bot's /api/messages and reads the
 * bot's replies from the stand-in connector, clicking card buttons by their titles as a person would.
 */
export class TeamsClient {
  readonly conversationId: string;

  constructor(
    private botUrl: string,
    private readonly connector: StandInConnector,
    private readonly connectorUrl: string,
    private readonly user: TeamsUser,
    conversationId?: string,
  ) {
    this.conversationId = conversationId ?? `a:${randomUUID()}`;
  }

  retarget(botUrl: string): void {
    this.botUrl = botUrl;
  }

  activity(fields: Json): Json {
    return {
      type: 'message',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.connectorUrl,
      from: { id: `29:${this.user.aadObjectId}`, aadObjectId: this.user.aadObjectId, name: this.user.name },
      recipient: { id: '28:bot', name: 'Reservation Desk' },
      conversation: { id: this.conversationId, tenantId: this.user.tenantId, conversationType: 'personal' },
      channelData: { tenant: { id: this.user.tenantId } },
      ...fields,
    };
  }

  async post(activity: Json): Promise<number> {
    const res = await fetch(`${this.botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    await res.text();
    await turnsSettled();
    return res.status;
  }

  async say(text: string): Promise<number> {
    return this.post(this.activity({ text }));
  }

  /** The newest card (as currently shown, updates applied) that has a button with this title. */
  findAction(title: string): FoundAction {
    const activities = this.connector.activities(this.conversationId).reverse();
    for (const { id, activity } of activities) {
      for (const card of cardsOf(activity)) {
        const found: Array<{ title: string; data: Json }> = [];
        walkActions(card, found);
        const hit = found.find((a) => a.title === title);
        if (hit) return { activityId: id, data: hit.data };
      }
    }
    throw new Error(`No card button titled "${title}". Buttons: ${this.buttonTitles().join(' | ')}`);
  }

  buttonTitles(): string[] {
    const titles: string[] = [];
    for (const { activity } of this.connector.activities(this.conversationId)) {
      for (const card of cardsOf(activity)) {
        const found: Array<{ title: string; data: Json }> = [];
        walkActions(card, found);
        titles.push(...found.map((f) => f.title));
      }
    }
    return titles;
  }

  /** The activity a click on that button produces (Teams merges the card's inputs into `value`). */
  clickActivity(title: string, inputs: Json = {}): Json {
    const action = this.findAction(title);
    return this.activity({ replyToId: action.activityId, value: { ...action.data, ...inputs } });
  }

  async click(title: string, inputs: Json = {}): Promise<number> {
    return this.post(this.clickActivity(title, inputs));
  }

  texts(): string[] {
    return this.connector.texts(this.conversationId);
  }

  lastText(): string {
    const texts = this.texts();
    return texts[texts.length - 1] ?? '';
  }

  /** Every card currently shown in this conversation, newest last. */
  cards(): Json[] {
    return this.connector.activities(this.conversationId).flatMap(({ activity }) => cardsOf(activity));
  }

  lastCard(): Json {
    const cards = this.cards();
    return cards[cards.length - 1];
  }
}

/** A card's FactSet facts as a title → value map. */
export function factsOf(card: Json): Record<string, string> {
  const facts: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const element = node as Json;
    if (element.type === 'FactSet') for (const f of element.facts as Array<{ title: string; value: string }>) facts[f.title] = f.value;
    Object.values(element).forEach(walk);
  };
  walk(card);
  return facts;
}

/** The sandbox roster's Admin agent as Teams knows her, and the contact details she files with. */
export const AVA: TeamsUser = { tenantId: '8d902246-5b47-453f-b6ee-545c6acbeb92', aadObjectId: '6e9ffb03-7d1b-4dc2-a550-0ce56d837065', name: 'Ava Lindqvist' };
export const CONTACT = {
  firstName: 'Ava',
  lastName: 'Lindqvist',
  email: 'ava@example.com',
  preferredContactMethod: 'email',
  timeZone: 'W. Europe Standard Time',
  country: 'SWE',
  language: 'en-us',
  severity: 'minimal',
};
