import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';

/**
 * Who may use the playground, and which page may read which conversation.
 *
 * - With PLAYGROUND_TOKEN set, every route asks for it: `Authorization: Bearer <token>`, or the cookie the page gets
 *   by opening `/?token=<token>` once (EventSource cannot send headers; the redirect takes the token out of the
 *   address bar). Without it (local use, no Bot Framework credentials) nothing is asked.
 * - Each conversation is created by the server with a key (an HMAC of its id under a secret of this process): a
 *   page's event stream and its messages need that key, so one page cannot read or write another's conversation,
 *   even knowing its id (ids appear in logs and stored conversation references). The conversations live in this
 *   process, so a per-process secret is enough: after a restart a page starts a new conversation.
 */
export const PLAYGROUND_COOKIE = 'rd_playground';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function sameSecret(given: string | undefined, expected: Buffer): boolean {
  return given !== undefined && timingSafeEqual(digest(given), expected);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export class PlaygroundAccess {
  private readonly tokenDigest?: Buffer;
  private readonly conversationSecret = randomBytes(32);

  constructor(token: string | undefined) {
    this.tokenDigest = token === undefined ? undefined : digest(token);
  }

  get needsToken(): boolean {
    return this.tokenDigest !== undefined;
  }

  /** The caller presents the token (or none is asked). */
  allows(req: Request): boolean {
    if (!this.tokenDigest) return true;
    const bearer = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    return sameSecret(bearer, this.tokenDigest) || sameSecret(cookieValue(req.header('cookie'), PLAYGROUND_COOKIE), this.tokenDigest);
  }

  /** `/?token=…` with the right token: the cookie to set (HttpOnly, this site only), else undefined. */
  cookieFor(req: Request, token: string | null): string | undefined {
    if (!this.tokenDigest || token === null || !sameSecret(token, this.tokenDigest)) return undefined;
    const secure = req.isSecure() || req.header('x-forwarded-proto') === 'https' ? '; Secure' : '';
    return `${PLAYGROUND_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure}`;
  }

  conversationKey(conversationId: string): string {
    return createHmac('sha256', this.conversationSecret).update(conversationId, 'utf8').digest('base64url');
  }

  keyMatches(conversationId: string, key: string | null | undefined): boolean {
    return typeof key === 'string' && timingSafeEqual(digest(key), digest(this.conversationKey(conversationId)));
  }
}
