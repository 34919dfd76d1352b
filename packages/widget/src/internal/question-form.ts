/**
 * Whether a typed query reads as a question or a problem put in words (rather than keywords), in
 * English or Japanese: then the panel offers Ask first, above the results.
 *
 * A form test on the words as typed, not an analysis: `analyzeQuestion()` of
 * `@kotae/knowledge/answer` finds a question's language, act and terms for retrieval (it says
 * nothing of its form), and would bring the tokenizer into the panel's chunk (the search worker
 * has its own copy); these patterns weigh a few hundred bytes.
 *
 * - a question mark (`?`, `？`), or a Japanese sentence ending in `か` (`ですか`, `ますか。`, `かな`);
 * - English opening with a question word or an auxiliary (`how`, `why`, `can`, `does`, `is`…),
 *   or a problem (`I can't…`, `… not working`, `… won't load`);
 * - Japanese question words (`どう`, `なぜ`, `いつ`, `どこ`, `何`…), a request for the way
 *   (`方法`, `やり方`, `には`), or a problem (`できない`, `されません`, `表示されない`).
 */
export function readsAsQuestion(query: string): boolean {
  const q = query.trim().toLowerCase();
  return (
    /[?？]$|か(?:な|ね)?[。．.]?$/.test(q) ||
    /^(?:how|why|what|when|where|which|who|can|could|do|does|did|is|are|was|were|will|would|should|may|i (?:can'?no?t|cannot|don'?t|forgot|lost|need|want))\b/.test(
      q,
    ) ||
    /\b(?:not working|doesn'?t work|won'?t|isn'?t|can'?t|cannot|failed|error)\b/.test(q) ||
    /どう|なぜ|なんで|いつ|どこ|どれ|どの|何|なに|だれ|誰|いくら|方法|やり方|には[^\s]*$|(?:でき|され|れ|し)(?:ない|ません)|たい[。]?$/.test(
      q,
    )
  );
}
