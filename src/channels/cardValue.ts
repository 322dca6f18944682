import { z } from 'zod';

/**
 * What a card click may carry in `activity.value`: the button's data (`rd`, `action`, `label`, ids, a page) with
 * the card's inputs merged in by the host, all flat JSON scalars. The dialogs read these fields as scalars, so a
 * nested or oversized value is refused at the door rather than met inside a turn. One schema for every route
 * that accepts an activity from outside (Bot Framework, the playground).
 */
export const CARD_VALUE_LIMITS = { fields: 64, text: 4000, name: 100 } as const;
const { fields: MAX_FIELDS, text: MAX_TEXT, name: MAX_NAME } = CARD_VALUE_LIMITS;

const scalar = z.union([z.string().max(MAX_TEXT), z.number(), z.boolean(), z.null()]);

export const cardValueSchema = z
  .record(z.string().max(MAX_NAME), scalar)
  .refine((value) => Object.keys(value).length <= MAX_FIELDS, `at most ${MAX_FIELDS} fields`)
  // The fields every card action names itself by; text when present (closing a card shows the label).
  .refine(
    (value) => ['rd', 'action', 'label'].every((field) => value[field] === undefined || typeof value[field] === 'string'),
    'rd, action and label must be text',
  );
