import { z } from 'zod';
import { AzureMalformedAnswerError } from '../errors';
import type { ApiCall, AzureHttpClient } from './client';

/**
 * The two paging styles, each walked in one place: ARM's `nextLink` (an absolute URL to GET next) and
 * Partner Center's `links.next` (a URI relative to the API root plus headers to send, typically
 * `MS-ContinuationToken`). Both stop on a repeated link or after MAX_PAGES, so a looping server cannot
 * keep the bot busy forever.
 */
export const MAX_PAGES = 500;

export interface ArmPage<T> {
  value: T[];
  nextLink?: string | null;
}

export function armPageSchema<T>(item: z.ZodType<T>) {
  return z.object({ value: z.array(item), nextLink: z.string().nullish() });
}

/** Yields each page's items, following `nextLink` with the same tenant, scope and headers. */
export async function* armPages<T>(http: AzureHttpClient, first: ApiCall, schema: z.ZodType<ArmPage<T>>): AsyncGenerator<T[]> {
  const seen = new Set<string>();
  let call: ApiCall | undefined = first;
  for (let pages = 0; call; pages += 1) {
    if (pages >= MAX_PAGES) throw new AzureMalformedAnswerError(http.contextOf(first), `more than ${MAX_PAGES} pages`);
    seen.add(call.url.href);
    const page: ArmPage<T> = await http.json(call, schema);
    yield page.value;
    call = page.nextLink ? nextCall(http, first, new URL(page.nextLink, first.url), seen) : undefined;
  }
}

export const partnerCenterLinkSchema = z.object({
  uri: z.string().min(1),
  method: z.string().optional(),
  headers: z.array(z.object({ key: z.string(), value: z.string() })).nullish(),
});
export type PartnerCenterLink = z.infer<typeof partnerCenterLinkSchema>;

export interface PartnerCenterPage<T> {
  items: T[];
  links?: { next?: PartnerCenterLink | null } | null;
}

/**
 * Yields each page's items, following `links.next`: its URI (resolved by `resolve`) with its headers
 * (the continuation token) added to a fresh call built by `callFor`, so every page gets its own
 * MS-RequestId while retries of one page reuse theirs.
 */
export async function* partnerCenterPages<T>(
  http: AzureHttpClient,
  first: ApiCall,
  schema: z.ZodType<PartnerCenterPage<T>>,
  callFor: (url: URL, headers: Record<string, string>) => ApiCall,
  resolve: (uri: string) => URL,
): AsyncGenerator<T[]> {
  const seen = new Set<string>();
  let call: ApiCall | undefined = first;
  for (let pages = 0; call; pages += 1) {
    if (pages >= MAX_PAGES) throw new AzureMalformedAnswerError(http.contextOf(first), `more than ${MAX_PAGES} pages`);
    const page: PartnerCenterPage<T> = await http.json(call, schema);
    yield page.items;
    const next = page.links?.next;
    if (!next) return;
    if (next.method && next.method.toUpperCase() !== 'GET') {
      throw new AzureMalformedAnswerError(http.contextOf(call), `links.next asks for ${next.method}, not GET`);
    }
    const headers = Object.fromEntries((next.headers ?? []).map((h) => [h.key, h.value]));
    const key = `${next.uri}\n${JSON.stringify(headers)}`;
    if (seen.has(key)) throw new AzureMalformedAnswerError(http.contextOf(call), 'links.next repeats an earlier page');
    seen.add(key);
    call = callFor(resolve(next.uri), headers);
  }
}

function nextCall(http: AzureHttpClient, first: ApiCall, url: URL, seen: Set<string>): ApiCall {
  if (seen.has(url.href)) throw new AzureMalformedAnswerError(http.contextOf(first), 'nextLink repeats an earlier page');
  return { ...first, url };
}
