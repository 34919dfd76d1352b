import type { Section } from '@kotae/knowledge';
import { hash32, rng, shuffled } from './stats.js';

/**
 * How much each copy differs from its original. Calibrated (see bench/README.md) so that the
 * vocabulary of the 50k-section corpus is about 5× the base vocabulary — what Heaps' law
 * (V ∝ n^0.5) predicts for 24× more text — instead of not growing at all, as exact copies would.
 */
export const VARIATION = {
  /** Chance that a section copy swaps one of its sentences for a sentence of another section. */
  sentenceSwap: 0.5,
  /** Chance that a number is rewritten (new digits, same length): versions, amounts, dates. */
  number: 0.5,
  /** Chance that a Latin word of 5+ letters gets two adjacent inner letters swapped (a typo). */
  latinTypo: 0.13,
  /** Chance that a kanji/katakana run of 2+ characters gets one character replaced. */
  japaneseSwap: 0.13,
} as const;

/** A scaled corpus and how it was made. */
export interface ScaledCorpus {
  readonly sections: Section[];
  /** Number of articles (distinct article ids). */
  readonly articles: number;
  /** Number of base sections it was made from. */
  readonly base: number;
  /** Number of (possibly partial) copies of the base, the original included. */
  readonly copies: number;
}

const SENTENCE_END = /(?<=[.!?。！？])\s*/u;
const LATIN_WORD = /[A-Za-z]{5,}/g;
const JA_RUN = /[\p{Script=Han}\p{Script=Katakana}]{2,}/gu;
const KATAKANA = /\p{Script=Katakana}/u;

/** The sentences of a line of prose (a line that is not code, a table row or a fence). */
function sentencesOf(line: string): string[] {
  return line.split(SENTENCE_END).filter((s) => s.trim() !== '');
}

function isProse(line: string): boolean {
  return line.trim() !== '' && !/^\s*(```|~~~|\||\x20{4})/.test(line);
}

/** Character pools (kanji, katakana) of the Japanese text, to draw replacement characters from. */
function japanesePools(sections: readonly Section[]): { han: string[]; kana: string[] } {
  const han = new Set<string>();
  const kana = new Set<string>();
  for (const s of sections) {
    for (const ch of `${s.title}\n${s.text}`) {
      if (/\p{Script=Han}/u.test(ch)) han.add(ch);
      else if (KATAKANA.test(ch) && ch !== 'ー') kana.add(ch);
    }
  }
  return { han: [...han].sort(), kana: [...kana].sort() };
}

class Varier {
  readonly #donors: Map<string, string[]>;
  readonly #pools: { han: string[]; kana: string[] };

  constructor(base: readonly Section[]) {
    this.#donors = new Map();
    for (const s of base) {
      let list = this.#donors.get(s.locale);
      if (!list) this.#donors.set(s.locale, (list = []));
      for (const line of s.text.split('\n')) if (isProse(line)) list.push(...sentencesOf(line).filter((x) => x.length >= 20));
    }
    this.#pools = japanesePools(base);
  }

  /** Copy `k` (≥ 1) of a section: new ids, sentences shuffled and swapped, words varied. */
  copy(section: Section, k: number): Section {
    const random = rng(hash32(section.id) ^ Math.imul(k, 0x9e3779b9));
    const articleId = `${section.articleId}~${k}`;
    const lines = section.text.split('\n');
    const prose: number[] = [];
    let fenced = false;
    for (let i = 0; i < lines.length; i++) {
      if (/^\s*(```|~~~)/.test(lines[i]!)) fenced = !fenced;
      else if (!fenced && isProse(lines[i]!)) prose.push(i);
    }
    for (const i of prose) {
      const line = lines[i]!;
      const indent = /^\s*(?:[-*+]|\d+\.)?\s*/.exec(line)![0];
      const sentences = shuffled(sentencesOf(line.slice(indent.length)), random);
      lines[i] = indent + sentences.map((s) => this.#vary(s.trim(), random)).join(section.locale.startsWith('ja') ? '' : ' ');
    }
    const donors = this.#donors.get(section.locale) ?? [];
    if (prose.length > 0 && donors.length > 0 && random() < VARIATION.sentenceSwap) {
      const i = prose[Math.floor(random() * prose.length)]!;
      const sentences = sentencesOf(lines[i]!);
      const at = Math.floor(random() * sentences.length);
      sentences[at] = this.#vary(donors[Math.floor(random() * donors.length)]!.trim(), random);
      lines[i] = sentences.join(section.locale.startsWith('ja') ? '' : ' ');
    }
    return {
      ...section,
      id: `${articleId}#${section.anchor}`,
      articleId,
      title: this.#vary(section.title, random),
      headings: section.headings.map((h) => this.#vary(h, random)),
      text: lines.join('\n'),
    };
  }

  #vary(text: string, random: () => number): string {
    return text
      .replace(/\d+/g, (d) => (random() < VARIATION.number ? randomDigits(d.length, random) : d))
      .replace(LATIN_WORD, (w) => {
        if (random() >= VARIATION.latinTypo) return w;
        const i = 1 + Math.floor(random() * (w.length - 3));
        return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
      })
      .replace(JA_RUN, (run) => {
        if (random() >= VARIATION.japaneseSwap) return run;
        const chars = [...run];
        const i = Math.floor(random() * chars.length);
        const pool = KATAKANA.test(chars[i]!) ? this.#pools.kana : this.#pools.han;
        if (pool.length > 0) chars[i] = pool[Math.floor(random() * pool.length)]!;
        return chars.join('');
      });
  }
}

function randomDigits(length: number, random: () => number): string {
  let out = length > 1 ? String(1 + Math.floor(random() * 9)) : String(Math.floor(random() * 10));
  while (out.length < length) out += String(Math.floor(random() * 10));
  return out;
}

/**
 * Builds a corpus of exactly `target` sections from `base`: the base sections themselves, then
 * varied copies (copy `k` of article `a` is article `a~k`) in a shuffled order, so a last partial
 * copy is a random sample of the base. Deterministic for the same base and seed.
 */
export function scaleCorpus(base: readonly Section[], target: number, seed = 1): ScaledCorpus {
  if (base.length === 0) throw new Error('cannot scale an empty corpus');
  const varier = new Varier(base);
  const order = shuffled(base, rng(seed));
  const sections: Section[] = base.slice(0, target);
  let k = 0;
  while (sections.length < target) {
    k++;
    for (const s of order) {
      if (sections.length >= target) break;
      sections.push(varier.copy(s, k));
    }
  }
  return { sections, articles: new Set(sections.map((s) => s.articleId)).size, base: base.length, copies: k + 1 };
}
