/**
 * Customer and provider data shown on a card is text, never markup. Adaptive Card hosts (Teams, the
 * playground's renderer) apply a markdown subset to TextBlock and FactSet text, so data is escaped here
 * before it reaches a template; templating itself inserts values literally (no `${}` re-evaluation).
 */
// Inline markdown anywhere; block markdown only at the start (plainText makes everything one line).
const INLINE_MARKDOWN = /[\\`*_[\]<>~|]/g;
// A list, heading or setext marker needs a space (or the end) after it; "180.29" and "-5" are not markdown.
const LEADING_BLOCK_MARKDOWN = /^(>|[#+\-=](?=\s|$)|\d+(?=[.)](\s|$)))/;
// Control (C0/C1), bidi, zero-width and other format characters (Unicode Cc/Cf) could reorder or hide what an
// agent reads; tab and line breaks are kept here so the whitespace collapse turns them into spaces.
const CONTROL_CHARS = /(?![\t\n\r])[\p{Cc}\p{Cf}]/gu;

export const DEFAULT_TEXT_LIMIT = 200;

/**
 * Whether plainText would return `text` unchanged up to its length: every character is one UTF-16 unit that is
 * neither whitespace nor a control/format character (printable ASCII, Latin-1 and Latin Extended letters, Greek
 * and Cyrillic, general punctuation, currency and symbol blocks), with single spaces only between words. Most card
 * strings are such; the regexes and the code-point split below are for the rest.
 */
function isAlreadyPlain(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (i === 0 || i === last || text.charCodeAt(i + 1) === 0x20) return false;
    } else if (
      !(
        (c > 0x20 && c < 0x7f) ||
        (c > 0xa0 && c <= 0x4ff && c !== 0xad) ||
        (c >= 0x2010 && c <= 0x2027) ||
        (c >= 0x2030 && c <= 0x205e) ||
        (c >= 0x20a0 && c <= 0x20cf) ||
        (c >= 0x2100 && c <= 0x2bff)
      )
    ) {
      return false;
    }
  }
  return true;
}

/** Collapses whitespace, drops control and bidi-override characters, truncates with an ellipsis. */
export function plainText(value: unknown, limit = DEFAULT_TEXT_LIMIT): string {
  const raw = String(value ?? '');
  // Every character of an already-plain text is one code point, so its length is what Array.from would count.
  if (isAlreadyPlain(raw)) return raw.length > limit ? `${raw.slice(0, limit - 1)}…` : raw;
  const text = raw.replace(CONTROL_CHARS, '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length > limit ? `${chars.slice(0, limit - 1).join('')}…` : text;
}

/** plainText, then every markdown special backslash-escaped so it shows as typed. */
export function cardText(value: unknown, limit = DEFAULT_TEXT_LIMIT): string {
  return plainText(value, limit)
    .replace(INLINE_MARKDOWN, '\\$&')
    .replace(LEADING_BLOCK_MARKDOWN, (start) => (/^\d/.test(start) ? `${start}\\` : `\\${start}`));
}

/** The inverse of cardText's escaping, for hosts that show text literally (Slack's renderer escapes on its own). */
export function literalCardText(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\([\\`*_[\]<>~|#+\-=>.)])/g, '$1');
}

/**
 * A copy of an expanded card whose display texts (TextBlock and TextRun text, fact titles and values) are
 * literal again. Action data, ids and input values are untouched: they were never escaped.
 */
export function withLiteralDisplayText<T>(card: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
    if ((copy.type === 'TextBlock' || copy.type === 'TextRun') && typeof copy.text === 'string') copy.text = literalCardText(copy.text);
    for (const [key, value] of Object.entries(copy)) {
      if (key === 'data') continue;
      if (key === 'facts' && Array.isArray(value)) {
        copy.facts = value.map((fact: Record<string, unknown>) => ({ ...fact, title: literalCardText(String(fact.title ?? '')), value: literalCardText(String(fact.value ?? '')) }));
      } else if (value && typeof value === 'object') {
        copy[key] = walk(value);
      }
    }
    return copy;
  };
  return walk(card) as T;
}
