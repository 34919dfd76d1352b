import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeQuestion, detectLanguage } from '../src/answer.js';

const act = (text: string, pageLocale = 'en') => analyzeQuestion(text, { pageLocale, locales: ['en', 'ja'] }).act;

/** Asserts every phrasing is recognised as `expected`, listing the ones that are not. */
function expectAct(expected: string | undefined, phrasings: readonly string[]) {
  const wrong = phrasings.map((p) => [p, act(p)] as const).filter(([, a]) => a !== expected);
  assert.deepEqual(wrong, [], `not recognised as ${String(expected)}`);
}

const HANDOFF_EN = [
  'I want to talk to a human',
  'i want to speak to a person',
  'Can I talk to someone?',
  'Let me speak with an agent please',
  'connect me to a live agent',
  'Connect me with customer service',
  'Transfer me to a representative',
  'I need to speak to a real person',
  'can i chat with a human?',
  'Put me through to someone from support',
  'human please',
  'Agent!',
  'representative',
  'real person please',
  'operator',
  'I want a human',
  'I need a real person, not a bot',
  'Is there a human I can talk to?',
  'get me a human',
  'How can I contact support?',
  'how do I reach customer service',
  'Can I call you?',
  'I would like to call someone',
  'What is your support phone number?',
  'Please escalate this',
  'Are you a bot? I want a real person',
  "I'd like to speak with a manager",
  'Let me talk to your supervisor',
  'talk to a real one',
  'I want to talk to someone about my refund',
  'speak to customer support',
  'chat with support team',
  'contact a human',
];
const HANDOFF_JA = [
  '担当者と話したい',
  '担当者と話せますか',
  'オペレーターにつないでください',
  'オペレーターと話したいです',
  '人と話したい',
  '人間と話したいです',
  '誰かと話したい',
  '直接話したいのですが',
  '電話したい',
  '電話で問い合わせたいです',
  'サポートの電話番号を教えてください',
  '担当の方に代わってください',
  'オペレーター',
  'オペレーターお願いします',
  '担当者をお願いします',
  'スタッフと話せますか',
  '有人チャットに切り替えたい',
  'カスタマーサポートに連絡したい',
  '問い合わせ先を教えてください',
  'サポート窓口に相談したい',
  'ボットじゃなくて人に聞きたい',
  '係の人に代わって',
  '担当者に直接相談したいです',
  '問い合わせしたい',
  '電話をかけたいのですが',
];
const HANDOFF_NEGATIVE = [
  'How do I change the human-readable name?',
  'How do I add an agent to my team?',
  'Is there an agent role with read-only access?',
  'How do I update my contact person?',
  'How do I assign a ticket to someone else?',
  'How do I transfer money to someone?',
  'How do I call the API?',
  'What does the support plan include?',
  'How do I change my phone number?',
  'I forgot my password and cannot sign in',
  'How do I invite a staff member?',
  '担当者の変更方法',
  '担当者を変更したい',
  '担当者を追加する方法を教えて',
  'オペレーター権限の設定',
  '電話番号を変更したい',
  '登録している電話番号を変えたい',
  'パスワードを忘れました',
  '個人情報の取り扱いについて',
  '注文をキャンセルしたい',
];

const GREETING = [
  'hi',
  'Hello!',
  'hey there',
  'Good morning',
  'hello, how are you?',
  'Hi team',
  'howdy',
  'こんにちは',
  'おはようございます',
  'こんばんは！',
  'はじめまして',
  'もしもし',
  'よろしくお願いします',
  'hi!',
  'Hi there',
  'hello there!',
  'hey',
  'Hey!',
  'heya',
  'hiya',
  'yo',
  'good afternoon',
  'Good evening!',
  'greetings',
  'hello kotae',
  'hi, how are you doing?',
  "what's up",
  'hey, how is it going',
  'Hello?',
  'hi hi',
  'morning!',
  'こんにちわ',
  'こんばんわ',
  'おはよう',
  'やあ',
  'ハロー',
  'はじめまして、よろしくお願いします',
  'お疲れ様です',
  'もしもし？',
  'こんにちは！',
];
const THANKS = [
  'thanks',
  'Thank you!',
  'thx',
  'thanks a lot',
  'Thank you so much, that helped',
  'great, thanks!',
  'perfect, that worked',
  'much appreciated',
  'cheers',
  'ok thanks',
  'ありがとう',
  'ありがとうございます！',
  'ありがとうございました',
  '助かりました',
  '解決しました、ありがとうございます',
  'わかりました',
  'できました！',
  'うまくいきました',
  'Thanks!',
  'thank u',
  'ty',
  'tysm',
  'Many thanks',
  'thanks so much',
  'I appreciate it',
  'appreciate your help',
  'that helped, thanks',
  'it worked!',
  'that fixed it',
  'problem solved, thank you',
  'awesome, thank you',
  'Perfect!',
  'got it, thanks',
  'thanks, that solved it',
  'cool thanks',
  'great',
  'ありがとう！',
  'ありがとうございます。助かりました',
  'どうもありがとうございました',
  'サンキュー',
  '感謝します',
  '解決できました',
  '了解です',
  '分かりました、ありがとうございます',
  'なるほど、ありがとう',
  'うまくいきました！ありがとうございます',
  '助かった',
];
const GOODBYE = [
  'bye',
  'Goodbye!',
  'see you',
  "that's all",
  'have a nice day',
  'さようなら',
  '失礼します',
  '以上です',
  'バイバイ',
  'bye bye',
  'see ya',
  'Take care',
  'have a good day',
  "that's everything",
  'No more questions',
  'nothing else, bye',
  "I'm done",
  'see you later',
  'またね',
  'では失礼します',
  'さよなら',
  'それでは',
  '以上です、失礼します',
  'おやすみなさい',
];
const NOT_RESOLVED_EN = [
  "it didn't work",
  'That did not work',
  "doesn't work",
  'still not working',
  'It still doesn’t work',
  'I tried that and it still does not work',
  "that didn't help",
  'not helpful',
  'the steps did not work',
  "the link doesn't work",
  "that's not it",
  'same problem',
  'no luck',
  'I already tried that',
  "still can't",
  'nope, still broken',
  'The problem persists',
  "thanks but it didn't work",
  'that did nothing',
  "didn't fix it",
  'nothing changed',
];
const NOT_RESOLVED_JA = [
  'うまくいかない',
  'うまくいきませんでした',
  'できませんでした',
  'できません',
  '解決しない',
  '解決しませんでした',
  'ダメでした',
  'まだだめです',
  '直らない',
  '変わりません',
  'その方法ではできませんでした',
  '試したけどダメでした',
  'やってみたけどうまくいかない',
  '言われた通りにしたけど解決しません',
  '役に立ちませんでした',
  '同じエラーが出ます',
  '上手くいきません',
  'まだできない',
  '違います',
  'それもダメでした',
];
const QUESTIONS = [
  'My card is not working',
  'My card keeps getting declined when I try to check out',
  'Hi, how do I reset my password?',
  'Thanks, and how do I change my address?',
  'The promo code does not work',
  'ログインできません',
  'こんにちは、パスワードを忘れました',
  'クーポンが使えません',
  '返品の方法を教えてください',
  'What is the capital of France?',
  'How do I cancel my order?',
  'ありがとうございます。配送状況はどこで確認できますか',
  'How do I delete my account?',
  'What are your opening hours?',
  'Where can I find my invoice?',
  'Can I change the person in charge of my account?',
  'how to set up an agent',
  'Is live chat available on the mobile app?',
  'How do I contact the seller?',
  'How long does a refund take?',
  'Why is my order late?',
  'How do I set the escalation policy?',
  'Who is the contact person for billing settings?',
  'hello world example',
  'Can I get a refund?',
  'Thanks page is blank after checkout',
  'The page shows "not found"',
  '担当者を割り当てる方法',
  '担当者名を表示したい',
  'オペレーターの追加方法',
  '電話番号の登録ができない',
  'スタッフを招待するには',
  '人数を変更したい',
  '返金はいつですか',
  '配送先を変更したい',
  'ありがとうメールが届かない',
  'こんにちはと表示される',
  'ログインできませんでした',
  'クーポンが使えませんでした',
  'カードが登録できません',
];

describe('analyzeQuestion: language', () => {
  it('takes the language from the script, not from the page', () => {
    assert.equal(analyzeQuestion('I forgot my password', { pageLocale: 'ja' }).language, 'en');
    assert.equal(analyzeQuestion('パスワードを忘れました', { pageLocale: 'en' }).language, 'ja');
    assert.equal(analyzeQuestion('iPhoneでログインできない', { pageLocale: 'en' }).language, 'ja');
    assert.equal(analyzeQuestion('返品', { pageLocale: 'en' }).language, 'ja');
    assert.equal(analyzeQuestion('비밀번호를 잊어버렸어요', { pageLocale: 'en' }).language, 'ko');
  });

  it('gives a Latin-script question the page language when the page is in a Latin-script language', () => {
    assert.equal(detectLanguage("J'ai oublié mon mot de passe", { pageLocale: 'fr-FR' }).language, 'fr');
    assert.equal(detectLanguage('Passwort vergessen', { pageLocale: 'ja', locales: ['ja', 'de'] }).language, 'de');
    assert.equal(detectLanguage('password', { pageLocale: 'ja', locales: ['ja'] }).language, 'en');
    assert.deepEqual(detectLanguage('123 ???', { pageLocale: 'ja' }), { language: 'ja', script: 'none' });
  });

  it('hands down normalised terms with weights', () => {
    const q = analyzeQuestion('How do I reset my ＰＡＳＳＷＯＲＤＳ?', { pageLocale: 'ja' });
    assert.deepEqual(q.terms, [
      { term: 'reset', weight: 1 },
      { term: 'password', weight: 1 },
    ]);
    assert.equal(q.text, 'How do I reset my PASSWORDS?');
    assert.deepEqual(q.context, []);
    assert.equal(q.followUp, false);
  });
});

describe('analyzeQuestion: conversational acts', () => {
  it('recognises requests for a person in English', () => expectAct('handoff', HANDOFF_EN));
  it('recognises requests for a person in Japanese', () => expectAct('handoff', HANDOFF_JA));
  it('leaves questions about people and phones in the product to retrieval', () => expectAct(undefined, HANDOFF_NEGATIVE));
  it('recognises greetings', () => expectAct('greeting', GREETING));
  it('recognises thanks', () => expectAct('thanks', THANKS));
  it('recognises goodbyes', () => expectAct('goodbye', GOODBYE));
  it('recognises "that did not work" in English', () => expectAct('not-resolved', NOT_RESOLVED_EN));
  it('recognises "that did not work" in Japanese', () => expectAct('not-resolved', NOT_RESOLVED_JA));
  it('treats a message with content words as a question, whatever act words it has', () => expectAct(undefined, QUESTIONS));
});

describe('analyzeQuestion: follow-ups', () => {
  const history = (question: string) => [
    { role: 'user' as const, text: question },
    { role: 'assistant' as const, text: 'You can do that from your account page. [1]' },
  ];

  it('adds the earlier question’s terms at a lower weight to an elliptical follow-up', () => {
    const q = analyzeQuestion('what about refunds?', { history: history('How do I cancel my order?') });
    assert.equal(q.followUp, true);
    assert.deepEqual(q.terms, [{ term: 'refund', weight: 1 }]);
    assert.deepEqual(q.context, [
      { term: 'cancel', weight: 0.4 },
      { term: 'order', weight: 0.4 },
    ]);
  });

  it('does so in Japanese', () => {
    const q = analyzeQuestion('返品の場合は？', { history: history('注文をキャンセルしたい') });
    assert.equal(q.followUp, true);
    assert.ok(q.terms.some((t) => t.term === '返品'));
    assert.deepEqual(
      q.context.map((c) => c.term),
      ['注文', 'キャンセル'],
    );
    assert.ok(q.context.every((c) => c.weight < 1));
  });

  it('gives older turns less weight and skips acts', () => {
    const q = analyzeQuestion('and for jeans?', {
      history: [
        { role: 'user', text: 'How long does shipping take?' },
        { role: 'assistant', text: '…' },
        { role: 'user', text: 'How do I return a shirt?' },
        { role: 'assistant', text: '…' },
        { role: 'user', text: 'thanks!' },
        { role: 'assistant', text: 'You are welcome.' },
      ],
    });
    assert.deepEqual(
      q.context.map((c) => [c.term, c.weight]),
      [
        ['return', 0.4],
        ['shirt', 0.4],
        ['long', 0.2],
        ['ship', 0.2],
        ['take', 0.2],
      ],
    );
    assert.equal(q.previousQuestion, 'How do I return a shirt?');
    assert.equal(q.previousAnswer, 'You are welcome.');
  });

  it('leaves a full question without history alone', () => {
    const q = analyzeQuestion('How do I change the shipping address of an order that has already shipped?', {
      history: history('How do I cancel my order?'),
    });
    assert.equal(q.followUp, false);
    assert.deepEqual(q.context, []);
  });
});
