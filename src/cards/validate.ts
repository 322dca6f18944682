import type * as ACTypes from 'adaptivecards';

/**
 * Checks an expanded card with the official Adaptive Cards SDK (adaptivecards 3.0.6). Its `lib/` build needs a
 * browser, but the bundled `dist/adaptivecards.js` loads in Node as is, and parsing needs no DOM (only rendering
 * would). The SDK's parser reports unknown element/action types, invalid enum values and properties newer than the
 * target version; it silently ignores unknown properties, so those are found here by comparing each parsed object's
 * source keys with the SDK's own schema for that object.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof ACTypes;

export interface CardProblem {
  /** Where (element type or JSON path) the problem is. */
  at: string;
  message: string;
}

/** Properties the SDK parses by hand (outside its schema) or that belong to the card envelope. */
const HAND_PARSED: Readonly<Record<string, readonly string[]>> = {
  AdaptiveCard: ['$schema', 'type', 'version', 'body', 'actions', 'fallbackText'],
  Container: ['items'],
  ActionSet: ['actions'],
  ColumnSet: ['columns'],
  Column: ['items'],
  Table: ['rows', 'columns'],
  TableCell: ['items'],
  'Input.ChoiceSet': ['choices'],
};

function schemaNames(o: ACTypes.SerializableObject): Set<string> {
  const schema = o.getSchema();
  const names = new Set<string>();
  for (let i = 0; i < schema.getCount(); i++) names.add(schema.getItemAt(i).name);
  return names;
}

function unknownKeys(o: ACTypes.SerializableObject, typeName: string, source: Record<string, unknown>): string[] {
  const known = schemaNames(o);
  const extra = HAND_PARSED[typeName] ?? [];
  return Object.keys(source).filter((k) => !known.has(k) && !extra.includes(k));
}

/** The SDK version object for a card's declared version, or undefined when the SDK does not know it. */
function declaredVersion(card: Record<string, unknown>): ACTypes.Version | undefined {
  if (typeof card.version !== 'string') return undefined;
  const version = AC.Version.parse(card.version, new AC.SerializationContext());
  return version?.isValid ? version : undefined;
}

/** Schema problems of an expanded card against the version it declares; empty when the card is valid. */
export function schemaProblems(card: object): CardProblem[] {
  const json = card as Record<string, unknown>;
  const problems: CardProblem[] = [];
  const version = declaredVersion(json);
  if (json.type !== 'AdaptiveCard') problems.push({ at: 'card', message: `type is ${String(json.type)}, not AdaptiveCard` });
  if (!version) {
    problems.push({ at: 'card', message: `unknown or missing version ${String(json.version)}` });
    return problems;
  }
  const context = new AC.SerializationContext(version);
  const checkKeys = (o: ACTypes.SerializableObject, typeName: string, source: unknown, at: string): void => {
    if (!source || typeof source !== 'object') return;
    for (const key of unknownKeys(o, typeName, source as Record<string, unknown>)) {
      problems.push({ at, message: `unknown property "${key}" on ${typeName}` });
    }
  };
  const factSchema = new AC.Fact();
  const choiceSchema = new AC.Choice();
  context.onParseElement = (element, source) => {
    const typeName = element.getJsonTypeName();
    const at = element.id ? `${typeName}#${element.id}` : typeName;
    checkKeys(element, typeName, source, at);
    const raw = source as Record<string, unknown>;
    if (typeName === 'FactSet' && Array.isArray(raw.facts)) raw.facts.forEach((f, i) => checkKeys(factSchema, 'Fact', f, `${at}.facts[${i}]`));
    if (typeName === 'Input.ChoiceSet' && Array.isArray(raw.choices)) raw.choices.forEach((c, i) => checkKeys(choiceSchema, 'Choice', c, `${at}.choices[${i}]`));
  };
  context.onParseAction = (action, source) => {
    const typeName = action.getJsonTypeName();
    checkKeys(action, typeName, source, `${typeName} "${action.title ?? ''}"`);
  };
  const parsed = new AC.AdaptiveCard();
  parsed.parse(json, context);
  checkKeys(parsed, 'AdaptiveCard', json, 'card');
  const sourceName = (o: ACTypes.SerializableObject | undefined, otherwise: string) => (o instanceof AC.CardObject ? o.getJsonTypeName() : otherwise);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    problems.push({ at: sourceName(event.source, 'parse'), message: `${AC.ValidationEvent[event.event]}: ${event.message}` });
  }
  for (const event of parsed.validateProperties().validationEvents) {
    problems.push({ at: sourceName(event.source, 'card'), message: `${AC.ValidationEvent[event.event]}: ${event.message}` });
  }
  return problems;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every object in a card's JSON (elements, actions, facts, choices), depth first. */
export function cardObjects(card: object): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = [];
  const walk = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      found.push(node);
      Object.values(node).forEach(walk);
    }
  };
  walk(card as Json);
  return found;
}

/** The project's own card rules, beyond the schema: what every card we send must also satisfy. */
export function deskRuleProblems(card: object, expectedVersion = '1.5'): CardProblem[] {
  const json = card as Record<string, unknown>;
  const problems: CardProblem[] = [];
  if (json.version !== expectedVersion) problems.push({ at: 'card', message: `declares version ${String(json.version)}, not ${expectedVersion}` });
  if (typeof json.fallbackText !== 'string' || json.fallbackText.trim() === '') problems.push({ at: 'card', message: 'has no fallbackText' });
  for (const o of cardObjects(card)) {
    const type = typeof o.type === 'string' ? o.type : '';
    if (type === 'Action.Submit') {
      const data = o.data as Record<string, unknown> | undefined;
      if (!data || typeof data.rd !== 'string' || data.rd === '' || typeof data.action !== 'string' || data.action === '') {
        problems.push({ at: `Action.Submit "${String(o.title)}"`, message: 'data lacks rd or action' });
      }
    }
    if (type.startsWith('Input.')) {
      if (typeof o.id !== 'string' || o.id === '') problems.push({ at: type, message: 'input has no id' });
      if (typeof o.label !== 'string' || o.label === '') problems.push({ at: `${type}#${String(o.id)}`, message: 'input has no label' });
    }
    // The schema says number; the JS renderer (and so the playground, and likely Teams) drops a text value.
    if (type === 'Input.Number') {
      for (const field of ['value', 'min', 'max']) {
        if (o[field] !== undefined && typeof o[field] !== 'number') problems.push({ at: `Input.Number#${String(o.id)}`, message: `${field} is not a number` });
      }
    }
  }
  return problems;
}

/** schemaProblems and deskRuleProblems together, as readable lines (empty when the card passes). */
export function validateCard(card: object, expectedVersion = '1.5'): string[] {
  return [...schemaProblems(card), ...deskRuleProblems(card, expectedVersion)].map((p) => `${p.at}: ${p.message}`);
}
