/**
 * Yields `items` in the order `compare` sorts them (equal items in their original order, as the
 * stable `Array.prototype.sort` would), but sorts lazily with a binary heap: taking the first `k`
 * of `n` items costs O(n + k log n) instead of a full sort's O(n log n), which matters when a
 * search matches tens of thousands of sections and shows ten.
 *
 * @example
 * ```ts
 * for (const n of bestFirst([3, 1, 2], (a, b) => a - b)) if (n > 1) break // visits 1, 2
 * ```
 */
export function* bestFirst<T>(items: readonly T[], compare: (a: T, b: T) => number): Generator<T, void, undefined> {
  const heap = new Int32Array(items.length);
  for (let i = 0; i < heap.length; i++) heap[i] = i;
  const before = (i: number, j: number) => (compare(items[i]!, items[j]!) || i - j) < 0;
  const down = (from: number, size: number) => {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) return;
      const child = left + 1 < size && before(heap[left + 1]!, heap[left]!) ? left + 1 : left;
      if (!before(heap[child]!, heap[at]!)) return;
      [heap[at], heap[child]] = [heap[child]!, heap[at]!];
      at = child;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i, heap.length);
  for (let size = heap.length; size > 0; size--) {
    yield items[heap[0]!]!;
    heap[0] = heap[size - 1]!;
    down(0, size - 1);
  }
}
