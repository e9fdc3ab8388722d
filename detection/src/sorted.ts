// Lookups near a position in a paragraph's lists (hits, marks, spans, keywords, titles), so that
// each word or number asks about its neighbours only: over the whole list for every one of them, a
// long paragraph cost n².

/**
 * How many of `items`, sorted by `key`, come before `bound`: those whose key is below it, or at most
 * it when `inclusive`.
 */
export function countBefore<T>(
  items: readonly T[],
  key: (item: T) => number,
  bound: number,
  inclusive = false,
): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = key(items[mid] as T);
    if (k < bound || (inclusive && k === bound)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * An index of `items` by `key` (they need not be sorted): `(from, to)` gives the positions in
 * `items`, in their own order, of those whose key lies in [from, to]. Callers that must take the first
 * match in list order get the same answer as a scan over the whole list.
 */
export function indexBy<T>(items: readonly T[], key: (item: T) => number): (from: number, to: number) => number[] {
  const keyAt = (i: number) => key(items[i] as T);
  const order = items.map((_, i) => i).sort((a, b) => keyAt(a) - keyAt(b) || a - b);
  return (from, to) => {
    const picked: number[] = [];
    for (let k = countBefore(order, keyAt, from); k < order.length && keyAt(order[k] ?? 0) <= to; k++) {
      picked.push(order[k] ?? 0);
    }
    return picked.sort((a, b) => a - b);
  };
}
