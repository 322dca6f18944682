import { deCards } from './de/cards';
import { deCore } from './de/core';
import { deQuote } from './de/quote';
import { deProactive } from './de/proactive';
import { deChannels } from './de/channels';
import { deInfo } from './de/info';
import { deManage } from './de/manage';
import { deTurns } from './de/turns';
import { deFailures } from './de/failures';
import type { MessageKey } from './en';

/**
 * German (de-DE) strings, one part file per area under de/, each typed by its English part: a missing key fails the
 * build, and test/i18n checks the placeholders match.
 */
export const de: Readonly<Record<MessageKey, string>> = {
  ...deCore,
  ...deCards,
  ...deQuote,
  ...deProactive,
  ...deChannels,
  ...deInfo,
  ...deManage,
  ...deTurns,
  ...deFailures,
};
