import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log';

/** The Web API call the locale lookup makes; a WebClient satisfies it. */
export type SlackUsersApi = Pick<webApi.WebClient, 'users'>;

export interface SlackUserLocaleOptions {
  /** How long a user's locale is trusted (a person rarely changes their Slack language). */
  ttlMs?: number;
  /** How long a failed lookup is remembered as "no locale", so a missing scope is not one call per turn. */
  failureTtlMs?: number;
  /** Users remembered at most; the least recently looked-up one is dropped first. */
  maxEntries?: number;
  /** The longest a turn waits for users.info; the lookup goes on and fills the cache for the next turn. */
  waitMs?: number;
  now?: () => number;
}

export const DEFAULT_SLACK_LOCALE_OPTIONS: Required<Omit<SlackUserLocaleOptions, 'now'>> = {
  ttlMs: 60 * 60 * 1000,
  failureTtlMs: 10 * 60 * 1000,
  maxEntries: 10_000,
  waitMs: 1500,
};

interface Entry {
  locale: string | undefined;
  expiresAt: number;
}

function errorCodeOf(err: unknown): string {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

/**
 * A Slack user's locale (`users.info` with `include_locale`, e.g. "de-DE"), for `activity.locale`, so the turn
 * answers in the person's Slack language unless they chose one with /language. Cached per workspace and user with a
 * bounded TTL cache (one Web API call per person per hour, not per turn); concurrent turns of one person share one
 * call. A failure (no `users:read` scope, a user Slack does not show, a network error) is remembered as "no locale"
 * for a while and logged once per kind: the turn then answers in English (or the remembered /language) and never fails.
 */
export class SlackUserLocales {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<string | undefined>>();
  private readonly loggedFailures = new Set<string>();
  private readonly options: Required<Omit<SlackUserLocaleOptions, 'now'>>;
  private readonly now: () => number;

  constructor(
    private readonly api: SlackUsersApi,
    private readonly log: Logger,
    options: SlackUserLocaleOptions = {},
  ) {
    const { now, ...limits } = options;
    this.options = { ...DEFAULT_SLACK_LOCALE_OPTIONS, ...limits };
    this.now = now ?? Date.now;
  }

  /** Users cached now (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** The user's Slack locale, or undefined (unknown, lookup failed, or slower than waitMs). Never throws. */
  async localeOf(team: string, user: string): Promise<string | undefined> {
    if (!user) return undefined;
    const key = `${team}:${user}`;
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) {
      // Map order is the eviction order: a user looked up again moves to the back.
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.locale;
    }
    if (cached) this.entries.delete(key);
    let lookup = this.pending.get(key);
    if (!lookup) {
      lookup = this.lookup(key, user).finally(() => this.pending.delete(key));
      this.pending.set(key, lookup);
    }
    return this.withinWait(lookup);
  }

  private async lookup(key: string, user: string): Promise<string | undefined> {
    try {
      const answer = await this.api.users.info({ user, include_locale: true });
      const locale = typeof answer.user?.locale === 'string' && answer.user.locale.length > 0 ? answer.user.locale : undefined;
      this.remember(key, locale, this.options.ttlMs);
      return locale;
    } catch (err) {
      const code = errorCodeOf(err);
      if (!this.loggedFailures.has(code)) {
        this.loggedFailures.add(code);
        // `missing_scope`: the app was installed before users:read was added to its manifest; reinstall it.
        this.log.warn(
          { error: code, hint: code === 'missing_scope' ? 'add users:read and reinstall the Slack app' : undefined },
          "slack: users.info failed; answering without the user's locale (logged once per error)",
        );
      }
      this.remember(key, undefined, this.options.failureTtlMs);
      return undefined;
    }
  }

  private remember(key: string, locale: string | undefined, ttlMs: number): void {
    this.entries.delete(key);
    while (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { locale, expiresAt: this.now() + ttlMs });
  }

  private withinWait(lookup: Promise<string | undefined>): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.options.waitMs);
      timer.unref();
    });
    return Promise.race([lookup, gaveUp]).finally(() => clearTimeout(timer));
  }
}
