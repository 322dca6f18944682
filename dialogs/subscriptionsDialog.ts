import type { TurnContext } from 'botbuilder';
import { ALL_CUSTOMERS, TOPICS, conversationKeyOf, type Subscription, type Topic } from '../src/ports/subscriptions';
import type { Customer } from '../src/ports/partnerDirectory';
import { chatActorOf } from './identity';
import { originOf } from './origin';
import type { Agent } from './roles';
import type { DeskServices } from './services';
import { DEFAULT_LOCALE, t, type Locale } from '../src/i18n';
import { turnLocale, turnText } from './language';

/**
 * /subscribe, /subscriptions, /unsubscribe (SPEC section 9): which topics this conversation hears about, for one
 * customer or all. Only agents with an acting role get here (DeskBot checks first); every change is audited.
 */

/** What a topic brings, in the agent's language (the topic words themselves are the command's, in every language). */
export function topicText(topic: Topic, locale: Locale): string {
  return t(locale, `subscriptions.topic.${topic}`);
}

function usage(locale: Locale, command: SubscriptionCommand): string {
  return t(locale, 'subscriptions.usage', { command, topics: TOPICS.join(', ') });
}

type SubscriptionCommand = 'subscribe' | 'unsubscribe';

interface Parsed {
  topics: Topic[];
  /** '' or 'all' = every customer. */
  customerText: string;
}

/** Topics first (spaces or commas between them), then the customer; an unknown first word is an unknown topic. */
export function parseSubscriptionText(text: string, locale: Locale = DEFAULT_LOCALE, command: SubscriptionCommand = 'subscribe'): Parsed | { error: string } {
  const words = text.split(/[\s,]+/).filter(Boolean);
  const topics: Topic[] = [];
  while (words.length > 0 && (TOPICS as readonly string[]).includes(words[0].toLowerCase())) {
    const topic = words.shift()!.toLowerCase() as Topic;
    if (!topics.includes(topic)) topics.push(topic);
  }
  if (topics.length === 0) {
    return {
      error: words.length === 0 ? usage(locale, command) : t(locale, 'subscriptions.notATopic', { word: words[0].slice(0, 40), usage: usage(locale, command) }),
    };
  }
  return { topics, customerText: words.join(' ') };
}

/** The one customer the text names: a single match, or an exact name or domain among several; else says why. */
async function oneCustomer(services: DeskServices, context: TurnContext, text: string): Promise<Customer | undefined> {
  const found = await services.provider.directory.searchCustomers(text, 0, 10);
  const exact = found.items.find((c) => c.name.toLowerCase() === text.toLowerCase() || c.domain.toLowerCase() === text.toLowerCase());
  if (found.total === 1 && found.items[0]) return found.items[0];
  if (exact) return exact;
  const query = text.slice(0, 80);
  await context.sendActivity(
    found.total === 0
      ? turnText(context, 'subscriptions.noMatch', { query })
      : turnText(context, 'subscriptions.several', {
          total: found.total,
          query,
          names: `${found.items
            .slice(0, 5)
            .map((c) => c.name)
            .join(', ')}${found.total > 5 ? ', …' : ''}`,
        }),
  );
  return undefined;
}

function scopeText(subscription: Pick<Subscription, 'customerId' | 'customerName'>, locale: Locale): string {
  return subscription.customerId === ALL_CUSTOMERS ? t(locale, 'subscriptions.allCustomers') : (subscription.customerName ?? subscription.customerId);
}

/** "all" means every customer; a German agent may also write "alle". */
const EVERY_CUSTOMER = new Set(['', 'all', 'alle']);

async function customerOf(services: DeskServices, context: TurnContext, customerText: string): Promise<{ id: string; name?: string } | undefined> {
  if (EVERY_CUSTOMER.has(customerText.toLowerCase())) return { id: ALL_CUSTOMERS };
  const customer = await oneCustomer(services, context, customerText);
  return customer && { id: customer.id, name: customer.name };
}

export async function subscribe(services: DeskServices, context: TurnContext, agent: Agent, text: string): Promise<void> {
  const locale = turnLocale(context);
  const parsed = parseSubscriptionText(text, locale, 'subscribe');
  if ('error' in parsed) {
    await context.sendActivity(parsed.error);
    return;
  }
  const customer = await customerOf(services, context, parsed.customerText);
  if (!customer) return;
  const origin = originOf(context);
  const lines: string[] = [];
  for (const topic of parsed.topics) {
    const { created } = await services.subscriptions.add(
      {
        topic,
        customerId: customer.id,
        ...(customer.name ? { customerName: customer.name } : {}),
        origin,
        createdBy: { partnerUserId: agent.user.id, chatUserId: agent.chatUserId },
        locale,
      },
      services.wallClock.now(),
    );
    if (created) await audit(services, context, agent, 'subscribed', topic, customer.id, origin.channel);
    const values = { topic, scope: scopeText({ customerId: customer.id, customerName: customer.name }, locale), description: topicText(topic, locale) };
    lines.push(t(locale, created ? 'subscriptions.added' : 'subscriptions.alreadyAdded', values));
  }
  await context.sendActivity(t(locale, 'subscriptions.subscribed', { lines: lines.join('\n') }));
}

export async function listSubscriptions(services: DeskServices, context: TurnContext): Promise<void> {
  const subscriptions = await services.subscriptions.listByConversation(conversationKeyOf(originOf(context)));
  const locale = turnLocale(context);
  await context.sendActivity(
    subscriptions.length === 0
      ? t(locale, 'subscriptions.none', { usage: usage(locale, 'subscribe') })
      : t(locale, 'subscriptions.list', {
          lines: subscriptions.map((s) => t(locale, 'subscriptions.listed', { topic: s.topic, scope: scopeText(s, locale) })).join('\n'),
        }),
  );
}

export async function unsubscribe(services: DeskServices, context: TurnContext, agent: Agent, text: string): Promise<void> {
  const locale = turnLocale(context);
  const parsed = parseSubscriptionText(text, locale, 'unsubscribe');
  if ('error' in parsed) {
    await context.sendActivity(parsed.error);
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
    lines.push(
      removed
        ? t(locale, 'subscriptions.ended', { topic, scope: scopeText(removed, locale) })
        : t(locale, 'subscriptions.notSubscribed', { topic, scope: scopeText({ customerId: customer.id, customerName: customer.name }, locale) }),
    );
  }
  await context.sendActivity(lines.join('\n'));
}

async function audit(
  services: DeskServices,
  context: TurnContext,
  agent: Agent,
  type: 'subscribed' | 'unsubscribed',
  topic: Topic,
  customerId: string,
  channel: string,
): Promise<void> {
  await services.audit.record({
    at: services.wallClock.now().toISOString(),
    type,
    actor: chatActorOf(context, agent.user.id),
    ...(customerId === ALL_CUSTOMERS ? {} : { customerId }),
    detail: { topic, channel, customers: customerId === ALL_CUSTOMERS ? 'all' : 'one' },
  });
}
