/**
 * Words kept out of the index because they carry grammar, not meaning.
 *
 * Japanese: particles (助詞), auxiliaries (助動詞), light verbs and question words, as
 * `Intl.Segmenter` emits them. English: the most frequent function words. The lists are short on
 * purpose: BM25's IDF already discounts common words; these only remove the ones that would
 * otherwise match nearly every section and slow prefix search down.
 */
export const JA_STOPWORDS: ReadonlySet<string> = new Set([
  // particles
  'は', 'が', 'を', 'に', 'で', 'と', 'の', 'も', 'へ', 'や', 'か', 'ね', 'よ', 'な', 'わ', 'ぞ', 'さ',
  'から', 'まで', 'より', 'など', 'って', 'ので', 'のに', 'けど', 'けれど', 'けれども', 'ば', 'ながら',
  'だけ', 'しか', 'ほど', 'くらい', 'ぐらい', 'とか', 'って', 'では', 'には', 'とは', 'への', 'での',
  'について', 'により', 'による', 'として', 'にて', 'ずつ', 'こそ', 'さえ', 'でも', 'ても',
  // auxiliaries and copulas
  'だ', 'です', 'でし', 'でした', 'ます', 'まし', 'ました', 'ません', 'た', 'て', 'で', 'だっ', 'だった',
  'ある', 'あり', 'あっ', 'いる', 'い', 'いま', 'いた', 'おり', 'おる', 'れる', 'られる', 'れ', 'られ',
  'せる', 'させる', 'ない', 'なかっ', 'ず', 'ぬ', 'う', 'よう', 'たい', 'らしい', 'そう', 'べき',
  'する', 'し', 'した', 'して', 'します', 'しま', 'さ', 'され', 'される', 'しよ', 'しょ', 'しょう',
  'なる', 'なり', 'なっ', 'なった', 'いう', 'いっ', 'こと', 'もの', 'ところ', 'とき', 'ため', 'はず',
  'これ', 'それ', 'あれ', 'この', 'その', 'あの', 'ここ', 'そこ', 'あそこ',
  // question words: questions carry them, answers do not
  '何', 'なに', 'なん', 'どう', 'どの', 'どこ', 'いつ', '誰', 'だれ', 'なぜ', 'どれ', 'どんな', 'どのよう',
  'どちら', 'いくつ', 'いくら', 'か', '何と', '何で', '何処', '何故', 'なんで', 'なんと', 'どういう',
  'どうして', 'いかが', 'いるか',
  // compound particles, conjunctions and the potential auxiliary (from Lucene's kuromoji stop
  // list; its adverbs and pronouns such as ほとんど, かつて, それぞれ stay searchable)
  'という', 'といった', 'によって', 'において', 'における', 'に関する', 'に対して', 'に対する',
  'とともに', 'と共に', 'また', 'および', '及び', 'または', 'しかし', 'そして', 'ただし', 'なお',
  'さらに', 'でき', 'できる',
  // inflection fragments as Intl.Segmenter cuts conjugated verbs (行|われ|て|いる, さ|れ|てい|ない,
  // 使用|でき|ま|せん, 設定|し|て|くだ|さい, でき|なか|っ|た, 削除|さ|れ|て|し|まっ|た)
  'われ', 'われる', 'てい', 'ませ', 'せん', 'くだ', 'さい', 'ください', 'なか', 'なく', 'きた', 'まっ',
  'ですが',
]);

/** English function words kept out of the index. */
export const EN_STOPWORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from',
  'as', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'it', 'its', 'this', 'that',
  'these', 'those', 'i', 'me', 'my', 'we', 'our', 'you', 'your', 'he', 'she', 'they', 'them',
  'their', 'his', 'her', 'do', 'does', 'did', 'so', 'if', 'then', 'than', 'there', 'here',
  'what', 'which', 'who', 'whom', 'how', 'when', 'where', 'why', 'will', 'would', 'should',
  'can', 'could', 'may', 'might', 'must', 'shall', 'have', 'has', 'had', 'into', 'about',
  'any', 'some', 'such', 'just', 'also', 'very', 'too', 'only', 'own', 'same', 'each',
  // question boilerplate: frequent in how people ask, rare (so over-weighted) in what answers say
  'possible', 'way', 'ways', 'want', 'wanted', 'anyone', 'someone', 'somebody', 'anybody',
  'anything', 'something', 'please', 'know', 'tell', 'thanks', 'hi', 'hello',
  // Snowball's English stop list (snowballstem.org/algorithms/english/stop.txt): its pronouns,
  // auxiliaries and contractions. Not its negations, quantifiers, particles and prepositions: in
  // how-to questions they carry the meaning (back up, log out, more than one, not working, after).
  'myself', 'ours', 'ourselves', 'yours', 'yourself', 'yourselves', 'him', 'himself', 'hers',
  'herself', 'itself', 'theirs', 'themselves', 'having', 'doing', 'ought', 'because',
  "i'm", "you're", "he's", "she's", "it's", "we're", "they're", "i've", "you've", "we've", "they've",
  "i'd", "you'd", "he'd", "she'd", "we'd", "they'd", "i'll", "you'll", "he'll", "she'll", "we'll",
  "they'll", "let's", "that's", "who's", "what's", "here's", "there's", "when's", "where's", "why's",
  "how's",
]);
