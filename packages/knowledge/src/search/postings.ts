import { BundleFormatError } from '../errors.js';

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
 * a bundle written by another version, not against tampering) and returns it typed. Throws a
 * `BundleFormatError` naming the locale and the problem.
 */
export function checkPostings(value: unknown, fields: readonly string[], sections: number, locale: string): SerializedPostings {
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
  if (problem) throw new BundleFormatError('index', `locale "${locale}": ${problem}`);
  return v as SerializedPostings;
}
