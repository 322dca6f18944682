import type { TurnContext } from 'botbuilder';
import { ALL_CUSTOMERS, TOPICS, conversationKeyOf, type Subscription, type Topic } from '../src/ports/subscriptions';
import type { Customer } from '../src/ports/partnerDirectory';
import { chatActorOf } from './identity';
import { originOf } from './origin';
import { turnLocale } from './language';
import type { Agent } from './roles';
import type { DeskServices } from './services';

/**
 * /subscribe, /subscriptions, /unsubscribe (SPEC section 9): which topics this conversation hears about, for one
 * customer or all. Only agents with an acting role get here (DeskBot checks first); every change is audited.
 */

export const TOPIC_TEXT: Readonly<Record<Topic, string>> = {
  expiry: 'reservations expiring within 30 and within 7 days, with their renewal state',
  underused: 'a weekly digest of reservations used below 50% over 7 and 30 days',
  credits: 'credit notices, for requests filed from other conversations too',
};

const USAGE = `Type /subscribe followed by one or more topics (${TOPICS.join(', ')}) and a customer, or "all" for every customer, e.g. /subscribe expiry underused contoso.`;

interface Parsed {
  topics: Topic[];
  /** '' or 'all' = every customer. */
  customerText: string;
}

/** Topics first (spaces or commas between them), then the customer; an unknown first word is an unknown topic. */
export function parseSubscriptionText(text: string): Parsed | { error: string } {
  const words = text.split(/[\s,]+/).filter(Boolean);
  const topics: Topic[] = [];
  while (words.length > 0 && (TOPICS as readonly string[]).includes(words[0].toLowerCase())) {
    const topic = words.shift()!.toLowerCase() as Topic;
    if (!topics.includes(topic)) topics.push(topic);
  }
  if (topics.length === 0) {
    return { error: words.length === 0 ? USAGE : `"${words[0].slice(0, 40)}" is not a topic. ${USAGE}` };
  }
  return { topics, customerText: words.join(' ') };
}

/** The one customer the text names: a single match, or an exact name or domain among several; else says why. */
async function oneCustomer(services: DeskServices, context: TurnContext, text: string): Promise<Customer | undefined> {
  const found = await services.provider.directory.searchCustomers(text, 0, 10);
  const exact = found.items.find((c) => c.name.toLowerCase() === text.toLowerCase() || c.domain.toLowerCase() === text.toLowerCase());
  if (found.total === 1 && found.items[0]) return found.items[0];
  if (exact) return exact;
  const quoted = `"${text.slice(0, 80)}"`;
  await context.sendActivity(
    found.total === 0
      ? `No customer matches ${quoted}. Nothing was changed.`
      : `${found.total} customers match ${quoted} (${found.items.slice(0, 5).map((c) => c.name).join(', ')}${found.total > 5 ? ', …' : ''}). Type more of the name or domain. Nothing was changed.`,
  );
  return undefined;
}

function scopeText(subscription: Pick<Subscription, 'customerId' | 'customerName'>): string {
  return subscription.customerId === ALL_CUSTOMERS ? 'all customers' : (subscription.customerName ?? subscription.customerId);
}

async function customerOf(services: DeskServices, context: TurnContext, customerText: string): Promise<{ id: string; name?: string } | undefined> {
  if (customerText === '' || customerText.toLowerCase() === 'all') return { id: ALL_CUSTOMERS };
  const customer = await oneCustomer(services, context, customerText);
  return customer && { id: customer.id, name: customer.name };
}

export async function subscribe(services: DeskServices, context: TurnContext, agent: Agent, text: string): Promise<void> {
  const parsed = parseSubscriptionText(text);
  if ('error' in parsed) {
    await context.sendActivity(parsed.error);
    return;
  }
  const customer = await customerOf(services, context, parsed.customerText);
  if (!customer) return;
  const origin = originOf(context);
  const lines: string[] = [];
  for (const topic of parsed.topics) {
    const { created } = await services.subscriptions.add({ topic, customerId: customer.id, ...(customer.name ? { customerName: customer.name } : {}), origin, createdBy: { partnerUserId: agent.user.id, chatUserId: agent.chatUserId }, locale: turnLocale(context) }, services.wallClock.now());
    if (created) await audit(services, context, agent, 'subscribed', topic, customer.id, origin.channel);
    lines.push(`• ${topic} for ${scopeText({ customerId: customer.id, customerName: customer.name })}${created ? '' : ' (already subscribed)'}: ${TOPIC_TEXT[topic]}`);
  }
  await context.sendActivity(`This conversation is subscribed to:\n${lines.join('\n')}\n\n/subscriptions lists them; /unsubscribe ends one.`);
}

export async function listSubscriptions(services: DeskServices, context: TurnContext): Promise<void> {
  const subscriptions = await services.subscriptions.listByConversation(conversationKeyOf(originOf(context)));
  await context.sendActivity(
    subscriptions.length === 0
      ? `This conversation has no subscriptions. ${USAGE}`
      : `This conversation is subscribed to:\n${subscriptions.map((s) => `• ${s.topic} for ${scopeText(s)}`).join('\n')}\n\nEnd one with /unsubscribe followed by the topic and the customer (or "all").`,
  );
}

export async function unsubscribe(services: DeskServices, context: TurnContext, agent: Agent, text: string): Promise<void> {
  const parsed = parseSubscriptionText(text);
  if ('error' in parsed) {
    await context.sendActivity(parsed.error.replace(/\/subscribe/g, '/unsubscribe'));
    return;
  }
  const customer = await customerOf(services, context, parsed.customerText);
  if (!customer) return;
  const origin = originOf(context);
  const key = conversationKeyOf(origin);
  const lines: string[] = [];
  for (const topic of parsed.topics) {
    const removed = await services.subscriptions.remove(key, topic, customer.id);
    if (removed) await audit(services, context, agent, 'unsubscribed', topic, customer.id, origin.channel);
    lines.push(removed ? `• ended: ${topic} for ${scopeText(removed)}` : `• there was no ${topic} subscription for ${scopeText({ customerId: customer.id, customerName: customer.name })}`);
  }
  await context.sendActivity(lines.join('\n'));
}

async function audit(services: DeskServices, context: TurnContext, agent: Agent, type: 'subscribed' | 'unsubscribed', topic: Topic, customerId: string, channel: string): Promise<void> {
  await services.audit.record({
    at: services.wallClock.now().toISOString(),
    type,
    actor: chatActorOf(context, agent.user.id),
    ...(customerId === ALL_CUSTOMERS ? {} : { customerId }),
    detail: { topic, channel, customers: customerId === ALL_CUSTOMERS ? 'all' : 'one' },
  });
}
