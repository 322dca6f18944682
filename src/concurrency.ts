/** `run` over every item, at most `limit` at a time; results in the items' order. The first rejection rejects. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Like mapLimit, but every item runs to its end even when some fail (nothing is left running behind the caller's
 * back); then the first failure, if any, is thrown.
 */
export async function mapLimitSettled<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  let failure: { error: unknown } | undefined;
  const results = await mapLimit(items, limit, async (item) => {
    try {
      return await run(item);
    } catch (error) {
      failure ??= { error };
      return undefined as R;
    }
  });
  if (failure) throw failure.error;
  return results;
}
