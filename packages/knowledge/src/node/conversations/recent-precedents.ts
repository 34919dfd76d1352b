import type { StoredSection } from '../../search/search-types.js';

interface Entry {
  readonly precedent: StoredSection;
  /** Milliseconds since the epoch, or -Infinity for a conversation without a time. */
  readonly time: number;
  /** Order of arrival: files in order, lines in order. */
  readonly seq: number;
}

/**
 * The `max` most recent precedents seen, in bounded memory: a min-heap on (time, arrival), so
 * the oldest kept one is dropped when a newer one comes. Conversations without a time count as
 * older than any with one, and among themselves the later in the input is the more recent.
 */
export class RecentPrecedents {
  readonly #max: number;
  readonly #heap: Entry[] = [];
  #seq = 0;
  /** Precedents dropped (or not taken) because `max` newer ones were kept. */
  dropped = 0;

  constructor(max: number) {
    this.#max = max;
  }

  /** Offers a precedent made from a conversation of `time` (`createdAt` or first message, or undefined). */
  add(precedent: StoredSection, time: string | undefined): void {
    const parsed = time === undefined ? NaN : Date.parse(time);
    const entry = { precedent, time: Number.isNaN(parsed) ? -Infinity : parsed, seq: this.#seq++ };
    const heap = this.#heap;
    if (heap.length < this.#max) {
      heap.push(entry);
      this.#up(heap.length - 1);
      return;
    }
    this.dropped++;
    if (heap.length === 0 || older(entry, heap[0]!)) return;
    heap[0] = entry;
    this.#down(0);
  }

  /** The kept precedents in input order. */
  values(): StoredSection[] {
    return [...this.#heap].sort((a, b) => a.seq - b.seq).map((e) => e.precedent);
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!older(heap[i]!, heap[parent]!)) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && older(heap[left]!, heap[least]!)) least = left;
      if (right < heap.length && older(heap[right]!, heap[least]!)) least = right;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }
}

function older(a: Entry, b: Entry): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}
