import { enCards } from './en/cards';
import { enCore } from './en/core';
import { enTurns } from './en/turns';

/**
 * English strings in ICU MessageFormat (placeholders `{name}`, plurals `{n, plural, one {…} other {…}}`), one part
 * file per area under en/. The source catalog: its keys are the MessageKey type every other language must fill.
 * Card words use keys `card.<template>.<element>` (see src/cards/render.ts).
 */
export const en = {
  ...enCore,
  ...enCards,
  ...enTurns,
} as const;

export type MessageKey = keyof typeof en;
