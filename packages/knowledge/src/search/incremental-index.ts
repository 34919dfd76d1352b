import { markdownToPlainText } from '../content/plain-text.js';
import type { Section } from '../schema/section.js';
import { toIndexDoc, tokenizeField } from './index-doc.js';
import type { SerializedPostings } from './postings.js';
import { INDEX_FIELDS, SearchIndex, type SerializedLocaleIndex } from './search-index.js';
import type { StoredSection } from './search-types.js';

/** What {@link IncrementalIndex.update} gives. */
export interface IncrementalUpdate {
  /** The index over all the sections, as `buildSearchIndex` would build it. */
  readonly index: SearchIndex;
  /**
   * Each locale's serialized index, in locale order. A locale whose sections did not change keeps
   * the very object of the previous update (compare with `===` to skip work for it).
   */
  readonly shards: readonly SerializedLocaleIndex[];
  /** The locales indexed again (new or changed sections), in locale order. */
  readonly changed: readonly string[];
}

/** One field of one section: its distinct terms, how often each occurs, and its length. */
interface FieldTerms {
  readonly terms: readonly string[];
  readonly counts: readonly number[];
  /** Distinct tokens (the field length BM25 normalizes by). */
  readonly length: number;
}

/** A section's stored form and terms, computed once per section object. */
interface SectionData {
  readonly stored: StoredSection;
  readonly fields: readonly FieldTerms[];
}

const FIELDS = INDEX_FIELDS.length;

/**
 * A search index kept up to date as sections change, for watchers (`kotae dev`): each
 * {@link IncrementalIndex.update} takes every section again and does work in proportion to what
 * changed. Sections are compared by object identity (as `ContentCache` gives them: an unchanged
 * file gives the same objects), so a changed article's sections are tokenized again and every
 * other section's terms are reused; only the postings of the terms that the changed sections
 * had or have are rewritten, and a locale without changes keeps its index.
 *
 * The result is exactly `buildSearchIndex`'s over the same sections (the same postings,
 * field lengths and average field lengths, to the last bit), so a bundle encoded from it is the
 * one `kotae compile` writes and searches rank alike.
 *
 * @example
 * ```ts
 * const live = new IncrementalIndex()
 * let { index } = live.update(sections)
 * ;({ index } = live.update(sectionsAfterAnEdit)) // re-tokenizes only the edited sections
 * ```
 */
export class IncrementalIndex {
  readonly #data = new WeakMap<Section, SectionData>();
  #locales = new Map<string, LocaleState>();

  /** Indexes `sections` (every locale, in index order), reusing what earlier updates did. */
  update(sections: readonly Section[]): IncrementalUpdate {
    const byLocale = new Map<string, Section[]>();
    for (const section of sections) {
      let list = byLocale.get(section.locale);
      if (!list) byLocale.set(section.locale, (list = []));
      list.push(section);
    }
    const next = new Map<string, LocaleState>();
    const changed: string[] = [];
    for (const [locale, list] of [...byLocale].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const state = this.#locales.get(locale) ?? new LocaleState(locale);
      if (state.update(list, (s) => this.#dataOf(s))) changed.push(locale);
      next.set(locale, state);
    }
    this.#locales = next;
    const states = [...next.values()];
    return {
      index: SearchIndex.union(states.map((s) => s.index!)),
      shards: states.map((s) => s.shard!),
      changed,
    };
  }

  #dataOf(section: Section): SectionData {
    let data = this.#data.get(section);
    if (!data) {
      const stored: StoredSection = { ...section, plain: markdownToPlainText(section.text) };
      const doc = toIndexDoc(stored, 0);
      const fields = INDEX_FIELDS.map((field) => fieldTerms(tokenizeField(doc[field], field, section.locale)));
      this.#data.set(section, (data = { stored, fields }));
    }
    return data;
  }
}

/** Counts a field's tokens as MiniSearch does: its length counts distinct tokens, empty ones included; its terms skip them. */
function fieldTerms(tokens: readonly string[]): FieldTerms {
  const counts = new Map<string, number>();
  for (const token of tokens) if (token) counts.set(token, (counts.get(token) ?? 0) + 1);
  return { terms: [...counts.keys()], counts: [...counts.values()], length: new Set(tokens).size };
}

/** One locale's sections, their postings by term, and the index made of them. */
class LocaleState {
  readonly #locale: string;
  #sections: readonly Section[] = [];
  #data: readonly SectionData[] = [];
  /** Packed postings by term (see `SerializedPostings.postings`); arrays are replaced, never changed. */
  readonly #postings = new Map<string, readonly number[]>();
  #terms: readonly string[] = [];
  #fieldLength: readonly number[] = [];
  shard: SerializedLocaleIndex | undefined;
  index: SearchIndex | undefined;

  constructor(locale: string) {
    this.#locale = locale;
  }

  /** Takes the locale's sections again; returns false when they are the same objects as before. */
  update(sections: readonly Section[], dataOf: (section: Section) => SectionData): boolean {
    const old = this.#sections;
    if (this.shard && old.length === sections.length && old.every((s, i) => s === sections[i])) return false;
    // The changed run: sections [start, oldEnd) were replaced by [start, newEnd); later ones moved by `shift`.
    let start = 0;
    const shorter = Math.min(old.length, sections.length);
    while (start < shorter && old[start] === sections[start]) start++;
    let tail = 0;
    while (tail < shorter - start && old[old.length - 1 - tail] === sections[sections.length - 1 - tail]) tail++;
    const oldEnd = old.length - tail;
    const newEnd = sections.length - tail;
    const shift = newEnd - oldEnd;
    const added = sections.slice(start, newEnd).map(dataOf);
    const data = [...this.#data.slice(0, start), ...added, ...this.#data.slice(oldEnd)];

    // The terms of the new sections: [field, section, count], by term, in section then field order.
    const occurrences = new Map<string, number[]>();
    added.forEach((d, k) => {
      d.fields.forEach((f, field) => {
        f.terms.forEach((term, i) => {
          let list = occurrences.get(term);
          if (!list) occurrences.set(term, (list = []));
          list.push(field, start + k, f.counts[i]!);
        });
      });
    });
    const touched = new Set<string>(occurrences.keys());
    for (let i = start; i < oldEnd; i++) for (const f of this.#data[i]!.fields) for (const t of f.terms) touched.add(t);
    let vocabularyChanged = false;
    for (const term of touched) {
      const packed = rewrite(this.#postings.get(term), start, oldEnd, shift, occurrences.get(term) ?? []);
      if (packed === undefined) {
        if (this.#postings.delete(term)) vocabularyChanged = true;
      } else {
        if (!this.#postings.has(term)) vocabularyChanged = true;
        this.#postings.set(term, packed);
      }
    }
    if (shift !== 0) {
      // The other terms occur only outside the changed run: the first section after it moved.
      for (const [term, packed] of this.#postings) {
        if (touched.has(term)) continue;
        const moved = shifted(packed, oldEnd, shift);
        if (moved !== packed) this.#postings.set(term, moved);
      }
    }
    if (vocabularyChanged) this.#terms = [...this.#postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

    const fieldLength = [...this.#fieldLength.slice(0, start * FIELDS)];
    for (const d of added) for (const f of d.fields) fieldLength.push(f.length);
    for (let i = oldEnd * FIELDS; i < this.#fieldLength.length; i++) fieldLength.push(this.#fieldLength[i]!);
    this.#fieldLength = fieldLength;
    this.#sections = sections;
    this.#data = data;

    const postings: SerializedPostings = {
      documentCount: sections.length,
      fields: [...INDEX_FIELDS],
      averageFieldLength: averageFieldLengths(fieldLength, sections.length),
      fieldLength,
      terms: this.#terms,
      postings: this.#terms.map((t) => this.#postings.get(t)!),
    };
    this.index = SearchIndex.fromSerialized([{ locale: this.#locale, index: postings, sections: data.map((d) => d.stored) }]);
    // The index's own serialized form (sections without a `plain` equal to their text), as a bundle writer sees it.
    this.shard = this.index.serialize()[0]!;
    return true;
  }
}

/**
 * MiniSearch's average field lengths, computed as it does while adding documents one by one
 * (a running mean, so that the floating-point result is the same to the last bit).
 */
function averageFieldLengths(fieldLength: readonly number[], documents: number): number[] {
  const averages: number[] = [];
  for (let f = 0; f < FIELDS; f++) {
    let average = 0;
    for (let i = 0; i < documents; i++) average = (average * i + fieldLength[i * FIELDS + f]!) / (i + 1);
    averages.push(average);
  }
  return averages;
}

/**
 * A term's packed postings after sections [start, oldEnd) were replaced by new ones, in which the
 * term occurs as `occurrences` (`field, section, count` triples, by ascending section), and the
 * sections after them moved by `shift`; undefined when no section has it.
 */
function rewrite(
  packed: readonly number[] | undefined,
  start: number,
  oldEnd: number,
  shift: number,
  occurrences: readonly number[],
): readonly number[] | undefined {
  const byField: [number, number][][] = Array.from({ length: FIELDS }, () => []);
  const kept: [number, number][][] = Array.from({ length: FIELDS }, () => []);
  if (packed) {
    for (let at = 0; at < packed.length;) {
      const field = packed[at]!;
      const n = packed[at + 1]!;
      let doc = 0;
      for (let k = 0; k < n; k++) {
        doc += packed[at + 2 + k]!;
        const count = packed[at + 2 + n + k]!;
        if (doc < start) byField[field]!.push([doc, count]);
        else if (doc >= oldEnd) kept[field]!.push([doc + shift, count]);
      }
      at += 2 + 2 * n;
    }
  }
  for (let i = 0; i < occurrences.length; i += 3) byField[occurrences[i]!]!.push([occurrences[i + 1]!, occurrences[i + 2]!]);
  const out: number[] = [];
  for (let field = 0; field < FIELDS; field++) {
    const docs = [...byField[field]!, ...kept[field]!];
    if (docs.length === 0) continue;
    out.push(field, docs.length);
    let previous = 0;
    for (const [doc] of docs) {
      out.push(doc - previous);
      previous = doc;
    }
    for (const [, count] of docs) out.push(count);
  }
  return out.length === 0 ? undefined : out;
}

/** `packed` with every section from `from` on moved by `shift` (a new array when one moved). */
function shifted(packed: readonly number[], from: number, shift: number): readonly number[] {
  let out: number[] | undefined;
  for (let at = 0; at < packed.length;) {
    const n = packed[at + 1]!;
    let doc = 0;
    for (let k = 0; k < n; k++) {
      doc += packed[at + 2 + k]!;
      if (doc >= from) {
        // Gaps after this one are between moved sections: unchanged.
        out ??= [...packed];
        out[at + 2 + k] = packed[at + 2 + k]! + shift;
        break;
      }
    }
    at += 2 + 2 * n;
  }
  return out ?? packed;
}
