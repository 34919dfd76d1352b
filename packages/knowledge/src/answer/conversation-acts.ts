import type { ConversationAct } from '../schema/interaction.js';
import { tokenize } from '../search/tokenizer.js';

/*
 * Conversational acts are recognised by rules over the normalised message, in two steps:
 *
 * 1. A request for a person is a communication verb aimed at a person ("talk to a human",
 *    "connect me with an agent", 担当者と話したい, オペレーターにつないで), or a message that is
 *    nothing but a person ("agent", "real person please", オペレーター). A person noun next to a
 *    management verb ("change the human-readable name", 担当者の変更方法) is a content question:
 *    the verb has to reach the person, not merely appear near it.
 * 2. Greeting, thanks, goodbye and "that didn't work" are phrases that leave nothing informative
 *    behind: once the act's phrases and the words that only point back ("it", "that", その方法)
 *    are taken out, no content term may remain. "My card is not working" keeps `card`, so it is a
 *    question; "I tried that, still not working" keeps nothing, so it is the act.
 */

// --- English -------------------------------------------------------------------------------

const EN_PERSON =
  '(?:human(?! ?-)(?: being)?s?|person|people|agent|representative|rep|operator|somebody|someone|anyone|anybody|staff(?: member)?|employee|manager|supervisor|customer (?:service|support|care)(?: (?:team|agent|rep|representative|person))?|support(?: team| staff| agent| person| desk)?|help ?desk|service desk|your team|a live chat)';
/** After a person noun: the noun names a thing (a role, a setting), not someone to talk to. */
const EN_NOT_SOMEONE =
  '(?![- ](?:readable|role|roles|permission|permissions|account|accounts|name|names|seat|seats|license|licenses|view|field|fields|setting|settings|dashboard|app|api|plan|limit|list|profile|status|detail|details|info|mode|group|groups|queue|assignment|portal|article|articles|tier|level)\\b)';
const EN_DET =
  '(?:(?:a|an|the|some|your|one of your|real|actual|live|human|in-person|proper|actual|someone from|somebody from|somebody in|someone in|from)\\s+)*';
const EN_REACH =
  '(?:talk|speak|chat|connect|transfer|forward|pass|hand|put|reach|contact|call|phone|ring|message|email|write)(?:ing|ed|s)?';
/** A communication verb whose object, within a few words, is a person. */
const EN_HANDOFF = new RegExp(
  `\\b${EN_REACH}\\b(?:\\s+(?:me|us|this|it|my (?:issue|case|problem|question)))?(?:\\s+(?:to|with|through to|through|in touch with|over to|up to|hold of|directly|now|right now))*\\s+${EN_DET}${EN_PERSON}\\b${EN_NOT_SOMEONE}`,
  'u',
);
/** A management verb before a person: the question is about managing people in the product. */
const EN_MANAGES_PERSON =
  /\b(?:change|changing|rename|edit|update|add|adding|remove|delete|invite|assign|assigning|set|configure|manage|create|disable|enable|deactivate|transfer (?:ownership|money|funds)|send money)\b[^.?!]{0,30}\b(?:agent|human|person|staff|operator|representative|someone|somebody|employee|manager|supervisor|support|contact)s?\b/u;
const EN_TALK = /\b(?:talk|speak|chat)(?:ing)?\s+(?:to|with)\b/u;
/** Other ways of asking for a person: wanting or needing one, or asking whether there is one. */
const EN_HANDOFF_OTHER = [
  new RegExp(
    `\\b(?:want|need|like|prefer|request|requesting|demand|give me|get me|find me|let me have|is there|are there|can i get|can i have|could i get)\\b(?:\\s+to)?(?:\\s+(?:talk|speak|chat))?(?:\\s+(?:to|with))?\\s+${EN_DET}(?:human|person|agent|representative|operator|real person|live agent|live person|staff member|customer service|customer support)\\b${EN_NOT_SOMEONE}`,
    'u',
  ),
  /\b(?:talk|speak|chat)(?:ing)?\s+(?:to|with)\s+(?:a\s+)?(?:real|live|actual)\s+(?:one|person|human)\b/u,
  /\bhow (?:can|do) i (?:reach|contact|call|phone|get (?:hold of|in touch with)) (?:you|your team|support|customer service|someone|a person|a human)\b/u,
  /\b(?:are you|is this|am i (?:talking|chatting|speaking) (?:to|with)) (?:a )?(?:bot|robot|machine|ai)\b.*\b(?:human|person|real)\b/u,
  /\b(?:escalate|escalation)\b(?!\s+(?:policy|rules?|settings?|path|level)s?\b)/u,
  /\b(?:support|customer service|your) (?:phone number|hotline|contact (?:details|info|information))\b/u,
  /\b(?:phone|call|ring) (?:you|support|customer service|your support)\b/u,
  /\bi (?:want|need|would like|'d like) to (?:call|phone) (?:you|someone|support|customer service)\b/u,
];
/** A whole message that is only a person ("agent", "human please", "real person!"). */
const EN_PERSON_ONLY =
  /^(?:(?:i\s+)?(?:want|need)\s+(?:a|an|to\s+talk\s+to\s+a)?\s*)?(?:a\s+|an\s+)?(?:real\s+|live\s+|actual\s+)?(?:human|person|agent|representative|rep|operator|staff|customer service|customer support|live agent|live support|live chat)(?:\s+(?:please|pls|plz|now|asap|already))*$/u;

const EN_GREETING =
  /\b(?:hi|hiya|hii+|hello|helo|hallo|hey|heya|howdy|yo|greetings|good (?:morning|afternoon|evening|day)|morning|evening|hi there|hello there|how are you doing|how are you|how(?:'s| is) it going|what's up|sup|nice to meet you)\b/gu;
const EN_THANKS =
  /\b(?:thank (?:you|u)|thankyou|thanks?|thx|tks|ty|tysm|cheers|much appreciated|appreciate (?:it|that|your help|the help)|i appreciate it|many thanks|that (?:helped|helps|worked|works|did it|fixed it|solved it)|it (?:worked|works now)|got it|perfect|great|awesome|excellent|brilliant|wonderful|amazing|cool|nice|ok(?:ay)?|that's (?:great|perfect|helpful|it)|very helpful|so helpful|helpful|solved|fixed|all good|problem solved)\b/gu;
const EN_GOODBYE =
  /\b(?:bye|goodbye|good bye|bye bye|see (?:you|ya)(?: later)?|take care|have a (?:nice|good|great) (?:day|one|evening|night|weekend)|that's all|that is all|nothing else|no more questions|that's everything|i'm done|im done|all done|later|cya|ttyl)\b/gu;
const EN_NOT_RESOLVED =
  /\b(?:(?:it|that|this|they|these|those|which|the (?:steps?|instructions?|answer|solution|suggestion|fix|link|advice|article|guide))?\s*(?:(?:did|does|do|is|was|are|has|have|had|could|would|will)(?: not|n't|nt)|won'?t|cannot|can'?t|never)\s+(?:work(?:ed|ing)?|help(?:ed)?|fix(?:ed)?|solve[ds]?|resolve[ds]?|do anything|change anything|make (?:a|any) difference|answer my question)|(?:still|again)\s+(?:not\s+work(?:ing)?|does ?n'?t work|doesnt work|did ?n'?t work|broken|failing|fails|the same|no luck|nothing|can'?t|cannot|unable|stuck|same (?:problem|issue|error)|having (?:the|this|that) (?:same )?(?:problem|issue))|not work(?:ing|ed)?|no luck|no dice|nope|not (?:helpful|useful|it)|unhelpful|useless|that's not it|that is not it|not what i (?:asked|meant|need(?:ed)?|was looking for)|wrong answer|same (?:problem|issue|error|thing)|(?:the )?problem (?:persists|remains|is still there)|(?:issue|problem) (?:not|isn't|is not) (?:solved|resolved|fixed)|(?:i )?(?:already )?tried (?:that|this|it|those|these|everything|all of (?:that|them|it))|(?:i )?did (?:that|this|it|all of that|everything)(?: already)?|nothing (?:works|worked|changed|happens|happened)|did nothing|(?:does|do) nothing|it failed|(?:that|it) failed|still (?:stuck|broken))\b/gu;

/** Words that point back at the answer or fill a sentence, never the subject of a question. */
const EN_FILLER = new Set(
  tokenize(
    'it that this these those they them which one ones step steps instruction instructions answer answers solution solutions suggestion suggestions fix fixes link article guide advice way method tip tips already still again really just yet but so and also though either anyway unfortunately sorry help helped work worked working try tried trying follow followed everything anything nothing same thing things problem issue error said says told suggested still ok okay well hmm uh um oh sure yes no yeah yep nope very much lot lots so all there please team guys folks bot kotae you your friend',
    'en',
  ),
);

// --- Japanese ------------------------------------------------------------------------------

const JA_PERSON =
  '(?:担当(?:者|の(?:方|人|者))|担当|オペレーター|オペレータ|人間|生身の人|有人(?:チャット|対応|窓口)?|スタッフ|係(?:の(?:方|人))?|係員|係りの(?:方|人)|サポート(?:担当|窓口|センター|デスク|スタッフ|チーム|の(?:方|人))?|カスタマー(?:サポート|センター|サービス)|お客様(?:窓口|センター|相談室|サポート)|コールセンター|窓口|問い合わせ窓口|相談窓口|人|誰か|だれか|どなたか|責任者|上司|社員|中の人)';
const JA_REACH =
  '(?:(?:と|に|へ)(?:直接)?(?:話|はな|お話|相談|チャット|会話|連絡|電話|問い合わせ|問合せ|聞|き|繋|つな|代わ|かわ|替わ|変わって|交代|対応|エスカレ)|(?:を|に)(?:お願い|呼|出して|つないで|繋いで)|(?:と|に)(?:やり取り|やりとり)|お願いします|お願いできますか|はいますか|はいない|いませんか|と話せ|に代)';
/** A person followed, across particles, by a verb that reaches them. */
const JA_HANDOFF = new RegExp(`${JA_PERSON}(?:の方|さん|様)?(?:の方)?${JA_REACH}`, 'u');
const JA_HANDOFF_OTHER = [
  /電話(?:したい|をしたい|をかけたい|で(?:問い合わせ|問合せ|相談|話|聞き|連絡)|で対応|できますか|して(?:も)?いいですか|で話せ|窓口|番号を教え|問い合わせ)/u,
  /(?:サポート|問い合わせ|問合せ|窓口|カスタマー\S*|お客様\S*)の(?:電話番号|連絡先|電話)/u,
  /(?:問い合わせ|問合せ|お問い合わせ)(?:先|方法|窓口)(?:を|は|が)?(?:教えて|知りたい|どこ|ありますか|どう)/u,
  /(?:直接|誰かと|だれかと|人と|人間と)(?:話|相談|やり取り|チャット)/u,
  /(?:ボット|bot|ロボット|ai|機械)(?:じゃなく|ではなく|は嫌|はいや|じゃ(?:なくて|だめ|ダメ))/u,
  /(?:有人|オペレーター|オペレータ)(?:対応|チャット|サポート)?(?:を|に|で|へ)?(?:希望|お願い|切り替え|切替|つな|繋)/u,
  /(?:問い合わせ|問合せ|連絡)(?:したい|をしたい|したいです|させて)/u,
  /エスカレ(?:ーション|ート)?(?:して|したい|お願い)/u,
];
/** A whole message that is only a person (`オペレーター`, `担当者お願いします`). */
const JA_PERSON_ONLY = new RegExp(
  `^${JA_PERSON}(?:さん|様)?(?:を|に|で)?(?:お願い(?:します|いたします)?|希望|(?:を)?呼んで(?:ください)?|ください|プリーズ)?$`,
  'u',
);
/** A management word right after the person: the person is what the question is about. */
const JA_ABOUT_PERSON = new RegExp(
  `${JA_PERSON}(?:の|を|が|は)?(?:変更|追加|削除|設定|登録|割り当て|割当|権限|名前|名|表示|一覧|編集|招待|管理|切り替え|切替|選び方|決め方|確認方法|数)`,
  'u',
);

const JA_GREETING =
  /(?:こんにちは|こんにちわ|こんばんは|こんばんわ|おはよう(?:ございます)?|はじめまして|初めまして|もしもし|どうも|やあ|ハロー|ハイ|よろしく(?:お願い(?:します|いたします|致します))?|お疲れ(?:様|さま)(?:です)?|失礼します)/gu;
const JA_THANKS =
  /(?:ありがとう(?:ございます|ございました)?|有難う(?:ございます|ございました)?|ありがと|サンキュー|どうも|感謝(?:します|いたします|です)?|助かり(?:ました|ます)|助かった|解決(?:しました|できました|した)|できました|わかりました|分かりました|了解(?:です|しました)?|承知(?:しました|いたしました)|理解しました|なるほど|OK|オッケー|完璧|バッチリ|ばっちり|うまくいきました|上手くいきました|大丈夫です|いいね|良かった|よかった|すごい|最高|よく分かりました)/giu;
const JA_GOODBYE =
  /(?:さようなら|さよなら|バイバイ|ばいばい|またね|では(?:また)?|それでは|失礼(?:します|しました|いたします)|以上です|以上|もう(?:大丈夫|いいです|結構)|結構です|おやすみ(?:なさい)?)/gu;
const JA_NOT_RESOLVED =
  /(?:うまく|上手く)(?:いか|いき|行か|行き)(?:ない|なかった|ません(?:でした)?|ず)|(?:でき|出来)(?:ない|なかった|ません(?:でした)?|ず)|解決(?:しない|しません(?:でした)?|しなかった|されない|されません(?:でした)?|されなかった|していない|してない|してません|できない|できません(?:でした)?|できなかった)|(?:だめ|ダメ|駄目)(?:でした|だった|です|みたい|っぽい)?|(?:直ら|治ら|なおら)(?:ない|なかった)|(?:直り|治り|なおり)ません(?:でした)?|(?:変わら|かわら)(?:ない|なかった)|(?:変わり|かわり)ません(?:でした)?|役に立た(?:ない|なかった)|役に立ちません(?:でした)?|効果(?:が|は)?(?:ない|なかった|ありません(?:でした)?)|違(?:います|う|いました)|ちがう|そうじゃなく|そうではなく|まだ(?:同じ|だめ|ダメ|無理|エラー)|同じ(?:エラー|状態|症状|問題|結果)|変化(?:が|は)?(?:ない|なし|ありません)|(?:試|ため)し(?:た|ました)(?:けど|が|けれど|のに|ものの)?|(?:やって|やり)(?:みた|みました)(?:けど|が|けれど|のに)?|(?:その|この|言われた)通りに?(?:し|やっ)(?:た|ました)(?:けど|が|のに)?|無理(?:でした|だった|です)|いいえ|全然|(?:動か|動き)(?:ない|ません(?:でした)?)|(?:届か|来)(?:ない|なかった)|ません(?:でした)?/gu;

/** Japanese words that point back at the answer or fill a sentence. */
const JA_FILLER = new Set([
  ...tokenize(
    'それ その これ この あれ あの 方法 やり方 手順 通り とおり 言われた 書いてある 書かれた 案内 回答 答え 記事 説明 内容 操作 ステップ 全部 全て すべて 何度 何回 何度も まだ もう やはり やっぱり やっぱ 結局 でも けど しかし 残念 すみません すいません ごめんなさい 申し訳 ちょっと 本当 ほんとう 本当に 全然 はい いいえ うーん えっと あの 試 やって みた みました 同じ 状態 問題 結果 エラー 解決 変わら 効果 役 立た うまく 上手く いか いき 直ら 大丈夫 ありがとう 助かり よろしく お願い 出ます 出る 出て なります',
    'ja',
  ),
  'まだ',
  'うまく',
  'いき',
  'いか',
  '試し',
  'やって',
  'みた',
  'みました',
  '全然',
  '結局',
]);

/**
 * The conversational act of a message, or `undefined` for a question (or anything else).
 * `text` must be normalised (`normalizeText`); `language` is its detected language.
 *
 * @example
 * ```ts
 * recognizeAct('i want to talk to a human', 'en') // 'handoff'
 * recognizeAct('担当者の変更方法', 'ja') // undefined: a question about the person in charge
 * ```
 */
export function recognizeAct(text: string, language: string): ConversationAct | undefined {
  const ja = language === 'ja';
  const plain = text.replace(/[’ʼ`]/g, "'").replace(/\s+/g, ' ').trim();
  if (isHandoff(plain, ja)) return 'handoff';
  // A message may mix acts ("thanks, but it still doesn't work"): the one that asks for more wins.
  const acts: [ConversationAct, RegExp][] = ja
    ? [
        ['not-resolved', JA_NOT_RESOLVED],
        ['thanks', JA_THANKS],
        ['goodbye', JA_GOODBYE],
        ['greeting', JA_GREETING],
      ]
    : [
        ['not-resolved', EN_NOT_RESOLVED],
        ['thanks', EN_THANKS],
        ['goodbye', EN_GOODBYE],
        ['greeting', EN_GREETING],
      ];
  // The act that asks for more (not resolved) comes first; otherwise the one whose phrases cover
  // most of the message ("have a nice day" is a goodbye, though "nice" alone would be thanks).
  const found = acts
    .map(([act, pattern]) => ({
      act,
      length: [...plain.matchAll(new RegExp(pattern.source, pattern.flags))].reduce((n, m) => n + m[0].length, 0),
    }))
    .filter((a) => a.length > 0)
    .sort((a, b) => (b.act === 'not-resolved' ? 1 : 0) - (a.act === 'not-resolved' ? 1 : 0) || b.length - a.length);
  if (found.length === 0) return undefined;
  // Every act phrase out: if a content word remains, the message is a question that happens to
  // start with "hi" or end with "thanks".
  const blank = new Array<boolean>(plain.length).fill(false);
  for (const [, pattern] of acts)
    for (const m of plain.matchAll(new RegExp(pattern.source, pattern.flags))) blank.fill(true, m.index, m.index + m[0].length);
  let rest = '';
  for (let i = 0; i < plain.length; i++) rest += blank[i] ? ' ' : plain[i];
  const filler = ja ? JA_FILLER : EN_FILLER;
  const content = tokenize(rest, ja ? 'ja' : 'en').filter((t) => !filler.has(t) && !(ja && /^[\p{Script=Hiragana}ー]{1,3}$/u.test(t)));
  if (content.length > 0) return undefined;
  return found[0]!.act;
}

function isHandoff(text: string, ja: boolean): boolean {
  if (ja) {
    const compact = text.replace(/[\s、。,.!?！？…〜~ー]+$/u, '').replace(/\s+/g, '');
    if (JA_PERSON_ONLY.test(compact)) return true;
    const reaches = JA_HANDOFF.test(compact) || JA_HANDOFF_OTHER.some((p) => p.test(compact));
    if (!reaches) return false;
    // 担当者の変更方法, 担当者を追加したい: about the person, unless a verb also reaches one (担当者と話したい).
    return !JA_ABOUT_PERSON.test(compact) || JA_HANDOFF.test(compact.replace(JA_ABOUT_PERSON, ''));
  }
  const words = text
    .replace(/[!?.,;:…]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    // "contact person", "contact details": a noun, not a verb reaching someone.
    .replace(/\bcontact (?=(?:person|people|details|info|information|form|list|page)\b)/g, 'contact-');
  if (EN_PERSON_ONLY.test(words)) return true;
  if (!EN_HANDOFF.test(words) && !EN_HANDOFF_OTHER.some((p) => p.test(words))) return false;
  return !EN_MANAGES_PERSON.test(words) || EN_TALK.test(words);
}
