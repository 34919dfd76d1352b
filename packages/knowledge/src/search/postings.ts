import type { AsPlainObject } from 'minisearch';

/**
 * One locale's search index as stored in a bundle's `index` shard: MiniSearch's data in flat
 * arrays, so that loading it is one `JSON.parse` of numbers and strings and no per-document
 * objects (MiniSearch's own `toJSON` form keys every posting by a string document id, and
 * `loadJS` turns each of them back into a `Map` entry and inserts every term into a radix tree,
 * which was most of a bundle's load time).
 *
 * Section `i` of the locale's sections shard is MiniSearch document `i`.
 */
export interface SerializedPostings {
  /** Number of indexed sections. */
  readonly documentCount: number;
  /** The indexed fields, in MiniSearch field-id order. */
  readonly fields: readonly string[];
  /** Average length (in terms) of each field over all sections, by field id. */
  readonly averageFieldLength: readonly number[];
  /** Length (in terms) of field `f` of section `i` at `i * fields.length + f`. */
  readonly fieldLength: readonly number[];
  /** Every index term, sorted by UTF-16 code units (as `<` compares strings). */
  readonly terms: readonly string[];
  /**
   * The postings of `terms[t]` at `postings[t]`: for each field that contains the term,
   * `fieldId, n`, then `n` gaps between ascending section numbers (the first from 0), then the
   * term's `n` frequencies in those sections.
   */
  readonly postings: readonly (readonly number[])[];
}

/** A term's postings as MiniSearch holds them: field id → section number → term frequency. */
export type TermPostings = Map<number, Map<number, number>>;

/**
 * Converts MiniSearch's plain-object serialization (`mini.toJSON()`) to {@link SerializedPostings}.
 * Expects documents with ids `0 … n-1` added in that order (so ids and MiniSearch's short ids agree).
 */
export function postingsFromMiniSearch(plain: AsPlainObject): SerializedPostings {
  const fields = Object.keys(plain.fieldIds).sort((a, b) => plain.fieldIds[a]! - plain.fieldIds[b]!);
  const fieldLength: number[] = new Array<number>(plain.documentCount * fields.length).fill(0);
  for (const [shortId, lengths] of Object.entries(plain.fieldLength)) {
    if (plain.documentIds[shortId] !== Number(shortId)) throw new Error(`document ${shortId} has id ${String(plain.documentIds[shortId])}`);
    // A field missing from a document leaves a hole; MiniSearch never reads its length.
    lengths.forEach((n, f) => (fieldLength[Number(shortId) * fields.length + f] = n ?? 0));
  }
  const entries = [...plain.index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    documentCount: plain.documentCount,
    fields,
    averageFieldLength: fields.map((_, f) => plain.averageFieldLength[f] ?? 0),
    fieldLength,
    terms: entries.map(([term]) => term),
    postings: entries.map(([, byField]) => {
      const out: number[] = [];
      for (const field of Object.keys(byField).sort((a, b) => Number(a) - Number(b))) {
        const freqs = byField[field]!;
        const docs = Object.keys(freqs)
          .map(Number)
          .sort((a, b) => a - b);
        out.push(Number(field), docs.length);
        docs.forEach((doc, k) => out.push(doc - (k === 0 ? 0 : docs[k - 1]!)));
        for (const doc of docs) out.push(freqs[doc]!);
      }
      return out;
    }),
  };
}

/** Decodes one term's postings (see {@link SerializedPostings.postings}). */
export function decodeTermPostings(packed: readonly number[]): TermPostings {
  const byField: TermPostings = new Map();
  for (let at = 0; at < packed.length;) {
    const field = packed[at]!;
    const n = packed[at + 1]!;
    const docs = new Map<number, number>();
    let doc = 0;
    for (let k = 0; k < n; k++) {
      doc += packed[at + 2 + k]!;
      docs.set(doc, packed[at + 2 + n + k]!);
    }
    byField.set(field, docs);
    at += 2 + 2 * n;
  }
  return byField;
}

/**
 * The largest number of sections that contain a term in one of the fields `< maxField`, or 0 when
 * no such field has it (read from the packed postings without decoding them).
 */
export function documentFrequency(packed: readonly number[], maxField: number): number {
  let df = 0;
  for (let at = 0; at < packed.length; at += 2 + 2 * packed[at + 1]!) {
    if (packed[at]! < maxField && packed[at + 1]! > df) df = packed[at + 1]!;
  }
  return df;
}

/**
 * Checks the shape of a parsed `index` shard (its bytes are hash-verified, so this guards against
 * a bundle written by another version, not against tampering) and returns it typed.
 */
export function checkPostings(value: unknown, fields: readonly string[], sections: number): SerializedPostings {
  const v = value as Partial<SerializedPostings> | null;
  const problem =
    typeof v !== 'object' || v === null
      ? 'not an object'
      : !Array.isArray(v.terms) || !Array.isArray(v.postings) || v.terms.length !== v.postings.length
        ? 'no terms and postings of equal length (a bundle from an older kotae? recompile it)'
        : JSON.stringify(v.fields) !== JSON.stringify(fields)
          ? `fields ${JSON.stringify(v.fields)}, expected ${JSON.stringify(fields)}`
          : v.documentCount !== sections
            ? `${String(v.documentCount)} documents for ${sections} sections`
            : !Array.isArray(v.fieldLength) || v.fieldLength.length !== sections * fields.length || !Array.isArray(v.averageFieldLength)
              ? 'field lengths do not match the sections'
              : undefined;
  if (problem) throw new Error(problem);
  return v as SerializedPostings;
}
