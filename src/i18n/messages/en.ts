import { enCards } from './en/cards';
import { enCore } from './en/core';
import { enQuote } from './en/quote';
import { enProactive } from './en/proactive';
import { enChannels } from './en/channels';
import { enInfo } from './en/info';
import { enManage } from './en/manage';
import { enTurns } from './en/turns';
import { enFailures } from './en/failures';

/**
 * English strings in ICU MessageFormat (placeholders `{name}`, plurals `{n, plural, one {…} other {…}}`), one part
 * file per area under en/. The source catalog: its keys are the MessageKey type every other language must fill.
 * Card words use keys `card.<template>.<element>` (see src/cards/render.ts).
 */
export const en = {
  ...enCore,
  ...enCards,
  ...enQuote,
  ...enProactive,
  ...enChannels,
  ...enInfo,
  ...enManage,
  ...enTurns,
  ...enFailures,
} as const;

export type MessageKey = keyof typeof en;
