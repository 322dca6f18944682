import { DEFAULT_LOCALE, t, type Locale } from '../src/i18n';

/** The last page of a list of `total` items, `pageSize` a page (0 for an empty list). */
export function lastPageOf(total: number, pageSize: number): number {
  return Math.max(0, Math.ceil(total / pageSize) - 1);
}

/** What a picker card needs to page: its "Page n of m" text and where Previous and More lead. */
export function pagingData(page: number, total: number, pageSize: number, locale: Locale = DEFAULT_LOCALE): Record<string, unknown> {
  return {
    pageText: t(locale, 'pick.pageText', { page: page + 1, pages: lastPageOf(total, pageSize) + 1 }),
    hasPrevious: page > 0,
    hasMore: (page + 1) * pageSize < total,
    previousPage: page - 1,
    nextPage: page + 1,
  };
}
