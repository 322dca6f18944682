import { randomBytes } from 'node:crypto';
import type { RequestStore } from '../ports/requestStore';
import { renderExport, type ExportFormat } from './financeExport';

/** Where links are kept: botbuilder's Storage shape (a MemoryBotStorage or RedisBotStorage with a TTL fits). */
export interface LinkStorage {
  read(keys: string[]): Promise<Record<string, unknown>>;
  write(changes: Record<string, unknown>): Promise<void>;
}

/** What a link exports: fixed when it is made, so the file a link gives never widens. */
export interface ExportLinkParams {
  customerId?: string;
  fromIso: string;
  toIso: string;
  format: ExportFormat;
  partnerUserId: string;
}

export const EXPORT_LINK_TTL_MS = 15 * 60 * 1000;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * `/requests export` in chat: the file is served by the bot at an unguessable link that lives 15 minutes (kept in a
 * Storage with that TTL: Redis when configured, so any instance serves it). Teams lets a bot send a file only in a
 * personal chat, through a consent card and the user's OneDrive; Slack's upload needs a files:write scope the app
 * does not ask for. A link works in every channel and keeps the file itself out of the chat's history.
 */
export class ExportLinks {
  constructor(
    private readonly storage: LinkStorage,
    private readonly requests: RequestStore,
    private readonly baseUrl: () => string | undefined,
  ) {}

  /** The link, or undefined when the bot does not know the address people reach it at. */
  async create(params: ExportLinkParams): Promise<string | undefined> {
    const base = this.baseUrl();
    if (!base) return undefined;
    const token = randomBytes(32).toString('base64url');
    await this.storage.write({ [`export-link:${token}`]: { ...params } });
    return `${base}/exports/${token}.${params.format === 'csv' ? 'csv' : 'jsonl'}`;
  }

  /** The file a token names, or undefined when it is unknown, malformed or expired. */
  async file(token: string): Promise<{ body: string; contentType: string; filename: string } | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const key = `export-link:${token}`;
    const params = (await this.storage.read([key]))[key] as ExportLinkParams | undefined;
    if (!params) return undefined;
    const records = await this.requests.listCreatedBetween(new Date(params.fromIso), new Date(params.toIso), params.customerId);
    const filename = `requests-${params.fromIso.slice(0, 10)}-to-${params.toIso.slice(0, 10)}.${params.format === 'csv' ? 'csv' : 'jsonl'}`;
    return {
      body: renderExport(records, params.format),
      contentType: params.format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8',
      filename,
    };
  }
}
