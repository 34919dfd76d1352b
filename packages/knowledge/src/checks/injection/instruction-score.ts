/**
 * {@link scoreInstruction}: how much a sentence reads like an instruction aimed at a language
 * model, from features of prompt injections in English and Japanese, not from a list of sentences.
 */
import { foldLookalikes } from './lookalikes.js';

/**
 * The features an instruction to a model is recognized by. Each is a family of phrasings: a verb
 * in any inflection or politeness level with the objects it takes, so "ignore all previous
 * instructions", "Disregarding the rules above", "forget everything you were told" and
 * 「これまでの指示はすべて無視してください」 are one feature.
 * - `override`: tries to cancel or replace the instructions a model was given;
 * - `exfiltration`: asks for the system prompt, secrets or the conversation, or to send data out;
 * - `persona`: gives the model a new role, mode or freedom from its rules ("you are now…", DAN);
 * - `role-token`: chat-template and role delimiters (`<|im_start|>`, `[INST]`, `### System:`);
 * - `addressee`: speaks to a model ("Note to the AI:", "if you are an LLM", 「AIへの指示」);
 * - `reply-reference`: speaks of the model's own replies ("in every answer", 「あなたの返答の最後に」);
 * - `answer-control`: orders what to answer or keep from users ("respond only with", 「と答えてください」);
 * - `agency`: asks the model to act with its tools ("call the issue_refund tool", 「ツールを実行」);
 * - `personal-data`: asks for other people's contact or payment details;
 * - `instruction-reference`: speaks of the model's own instructions ("the rules you were given");
 * - `encoding`: asks to decode a hidden payload and act on it.
 */
export const INSTRUCTION_FEATURES = [
  'override',
  'exfiltration',
  'persona',
  'role-token',
  'addressee',
  'reply-reference',
  'answer-control',
  'agency',
  'personal-data',
  'instruction-reference',
  'encoding',
] as const;

/** One feature of an instruction to a model: see `INSTRUCTION_FEATURES`. */
export type InstructionFeature = (typeof INSTRUCTION_FEATURES)[number];

/** How much a text reads like an instruction to a model. */
export interface InstructionScore {
  /** The sum of the strongest weight of each feature found (0 when none is). */
  readonly score: number;
  /** The features found, strongest first. */
  readonly features: InstructionFeature[];
}

/**
 * The score from which visible text is reported: one strong feature (an override, a request for
 * the system prompt, a role token) or two weaker ones together (a model addressed and told what
 * to answer). Support guidance tells agents what to say to customers all day; that alone scores 1.
 */
export const VISIBLE_THRESHOLD = 3;

/**
 * The score from which text readers cannot see, or see only on request (comments, alt text,
 * titles, collapsed blocks), is reported: a page has no reason to tell anyone there what to
 * answer, so one weaker feature is enough.
 */
export const HIDDEN_THRESHOLD = 2;

type Rule = readonly [feature: InstructionFeature, weight: number, pattern: RegExp];

// English building blocks, matched on NFKC-normalized, lower-cased text with look-alikes folded.
const OVERRIDE_VERB = String.raw`(?:supersed(?:e|es|ed|ing)|revok(?:e|es|ed|ing)|invalidat(?:e|es|ed|ing)|nullif(?:y|ies|ied)|cancel(?:s|led|ing)?|replac(?:e|es|ed|ing)|takes? precedence over|ignor(?:e|es|ed|ing)|disregard(?:s|ed|ing)?|forg[eo]t(?:s|ting|ten)?|overrid(?:e|es|den|ing)|overwrit(?:e|es|ten|ing)|bypass(?:es|ed|ing)?|circumvent(?:s|ed|ing)?|set(?:ting)? aside|pay(?:ing)? no (?:attention|heed|mind) to|(?:do not|don't|never|stop|no longer|cease to) (?:follow|obey|heed|adhere to|comply with|listen to|apply|respect)(?:ing)?|abandon(?:s|ed|ing)?|discard(?:s|ed|ing)?|throw(?:ing)? (?:out|away)|drop(?:ping)? all|not (?:be )?(?:bound|restricted|limited) by|break(?:ing)? (?:free )?(?:from|of)?)`;
const OVERRIDE_OBJECT = String.raw`(?:instructions?|guidance|briefing|directions|directives?|prompts?|system prompt|rules|guidelines|guardrails|constraints|restrictions|limitations|polic(?:y|ies)|programming|training|context|orders|commands|(?:safety|content) (?:rules|filters?|protocols|measures|policy)|filters|protocols|everything|anything|all of (?:that|this|it)|what (?:you (?:were|have been) (?:told|given|taught)|i (?:said|told you))|(?:the )?(?:text|messages?|content) above|(?:the )?above)`;
const PRIOR = String.raw`(?:previous|previously|prior|above|earlier|preceding|original|initial|all|any|every|your|existing|former|foregoing|old|system|developer|default|safety|these|those|other|before|so far|given|built-in|standing)`;

/** What an exfiltration asks for: the conversation, the user's data, secrets, the prompt. */
const SENSITIVE = String.raw`(?:(?:chat |conversation |full |complete )?transcripts?|conversation|card (?:details|numbers?|data)|payment (?:details|data|information)|billing (?:details|information)|account (?:details|balance|data)|(?:customer|user)'s (?:\w+ )?(?:details|data|info|information|number|messages?)|chat[ _-]?(?:history|log)|(?:chat|message|conversation)s? so far|history|previous messages|user(?:'s)?[ _-]?(?:data|details|information|info|email|input|query|question|messages?|name|address|phone)|personal[ _-]?(?:data|information|info)|pii|credentials?|api[ _-]?keys?|secrets?|passwords?|session[ _-]?(?:id|token|cookie)s?|cookies|system[ _-]?prompt|prompt|summary of (?:the|this) (?:conversation|chat)|memory|context|data|exfil\w*)`;

const EN_RULES: readonly Rule[] = [
  // Overrides: a verb that cancels, its object, and a word that points at what came before.
  ['override', 3, new RegExp(String.raw`\b${OVERRIDE_VERB}\b[^.!?\n]{0,40}?\b${PRIOR}\b[^.!?\n]{0,30}?\b${OVERRIDE_OBJECT}\b`)],
  [
    'override',
    3,
    new RegExp(
      String.raw`\b${OVERRIDE_VERB}\b[^.!?\n]{0,12}?\b(?:your|the|all)\s+${OVERRIDE_OBJECT}\s+(?:above|before|so far|you (?:were|have been) given)`,
    ),
  ],
  [
    'override',
    3,
    new RegExp(
      String.raw`\b${OVERRIDE_VERB}\b[^.!?\n]{0,40}?\b${OVERRIDE_OBJECT}\b[^.!?\n]{0,25}?\b(?:you (?:were|have been|got|have|received|are given)|(?:you )?received|earlier|previously|before|above|so far|from your (?:developers?|creators?|operators?|owners?|programmers?|system|company|makers?))`,
    ),
  ],
  [
    'override',
    2,
    new RegExp(
      String.raw`\b${OVERRIDE_VERB}\b[^.!?\n]{0,40}?\b${OVERRIDE_OBJECT}\b|\b${OVERRIDE_OBJECT}\b[^.!?\n]{0,30}?\b${OVERRIDE_VERB}\b`,
    ),
  ],
  [
    'override',
    2,
    /\b(?:obey|listen to|follow|comply with|answer to) (?:only )?(?:me|my (?:instructions|orders|commands|rules)|what follows|only what follows)\b|\bcomply only with\b/,
  ],
  [
    'override',
    3,
    /\byour (?:new|real|true|actual|only) (?:purpose|task|job|role|goal|objective|mission|identity|name|instructions?|directive|function) (?:is|are|will be)\b/,
  ],
  [
    'override',
    3,
    /\bforget (?:about )?(?:everything|all(?: of)? (?:that|this|the above)|what (?:you|i)|your (?:\w+ )?(?:instructions|rules|training|guidelines))/,
  ],
  [
    'override',
    3,
    /\b(?:previous|prior|above|earlier|original|old|initial|your|all|the|system|existing|current|safety) (?:instructions?|rules|guidelines|guardrails|safeguards|filters|directives|prompts?|restrictions|constraints|limitations|policies|settings)[^.!?\n]{0,20}\b(?:are|is|have been|were|do not|don't|no longer) (?:\w+ )?(?:void|null|cancel+ed|revoked|obsolete|replaced|overridden|superseded|invalid|suspended|lifted|removed|disabled|deprecated|reset|off|gone|waived|apply(?! to (?!you\b))|valid|matter|in effect)\b/,
  ],
  [
    'override',
    3,
    /\b(?:new|updated|revised|real|actual|true|additional|secret|hidden|override|priority|urgent|important) (?:instructions?|directives?|orders|system prompt|task|rules)\s*(?::|follow|are|supersede|override|take precedence)/,
  ],
  [
    'override',
    3,
    /\b(?:these|this|the following|my) (?:instructions?|directives?|commands?|orders) (?:take|takes|have|has) (?:precedence|priority)|\b(?:higher|highest|top)[- ]priority (?:instruction|directive|command|order|task)/,
  ],
  ['override', 2, /\b(?:instead of|rather than) (?:answering|following|doing|summari[sz]ing|translating|helping)\b/],
  [
    'override',
    3,
    /\b(?:ignore|disregard|forget|cancel|scrap|drop) (?:that|this|the (?:previous|above|last|original|first|earlier)) (?:request|task|question|prompt|instructions?|assignment|message)\b/,
  ],
  [
    'override',
    2,
    /\bno matter what\b|\bwhatever (?:the |a |any )?(?:user|customer|person|anyone|question|they|someone)\b[^.!?\n]{0,10}\b(?:asks?|says?|is|wants?|types?)\b|\bregardless of (?:the|what|any|their) (?:question|user|customer|request|they)/,
  ],
  ['override', 2, /\b(?:actually|wait|nevermind|never mind|scratch that|on second thought),? (?:ignore|disregard|forget|instead|cancel)\b/],
  ['override', 1, /\bpwned\b|\bhacked by\b/],
  [
    'override',
    3,
    /\b(?:everything|all|anything|the text|what (?:is|was) (?:written|said)|(?:the )?content)\b[^.!?\n]{0,15}\b(?:before|above|prior to) (?:this|here)\b[^.!?\n]{0,30}\b(?:outdated|obsolete|void|invalid|wrong|false|cancel+ed|irrelevant|no longer|fake|deprecated)\b/,
  ],
  [
    'override',
    2,
    /\b(?:follow|obey|do) only (?:what|the (?:text|instructions?|lines?))\b|\bonly follow (?:what|the (?:text|instructions?) (?:below|after))/,
  ],
  [
    'override',
    3,
    /\b(?:never mind|nevermind|forget|ignore|skip|disregard|don't answer|do not answer) (?:the|their|this|that|any|my|his|her) (?:customer's |user's |customer |user |original |actual |real )?(?:question|request|message|query|task|ticket)s?\b/,
  ],
  ['override', 2, /\binstead of (?:a|the|any|writing a|giving a) (?:summary|translation|answer|response|reply)\b/],
  [
    'override',
    2,
    /\b(?:stop|halt|abort|pause|drop) (?:everything|what you(?:'re| are) doing|all (?:other |current |previous )?(?:tasks|work))\b|\b(?:system|admin|security|safety|developer|emergency|master) (?:override|bypass|unlock)\b/,
  ],
  ['override', 2, /\byour (?:real|true|actual|hidden|secret) (?:task|instructions?|purpose|mission|objective|job|goal)\b/],
  [
    'override',
    3,
    /\byour (?:new )?(?:purpose|task|job|role|goal|objective|mission)s? (?:from (?:here|now|this point) on|now|henceforth|going forward) (?:is|are|will be)\b/,
  ],
  ['override', 1, /\b(?:ignore|disregard|forget|override|bypass)\b/],
  // Exfiltration: the system prompt, secrets, the conversation, or data sent out.
  [
    'exfiltration',
    3,
    /\b(?:reveal|print|show|output|repeat|display|leak|disclose|tell (?:me|us)|share|list|give (?:me|us)|write (?:out|down)|dump|recite|echo|return|send|spell out|paste|copy|expose|provide|state|quote|read (?:back|out)|summari[sz]e|translate|what (?:is|are|was|were))\b[^.!?\n]{0,40}?\b(?:(?:the|your|its|my) )?(?:system|initial|original|hidden|secret|internal|developer|pre-?|full|exact|starting) (?:prompt|instructions|message|rules|configuration|guidelines|context)s?\b/,
  ],
  [
    'exfiltration',
    3,
    /\b(?:reveal|print|show|output|repeat|display|leak|disclose|tell (?:me|us)|share|give (?:me|us)|write (?:out|down)|dump|recite|echo|spell out|paste|expose|quote|what (?:is|are|was|were))\b[^.!?\n]{0,20}?\byour (?:instructions|prompt|rules|guidelines|configuration|programming|directives|context window|training data)\b/,
  ],
  [
    'exfiltration',
    3,
    /\b(?:repeat|print|output|echo|recite|copy|return|quote)\b[^.!?\n]{0,20}?\b(?:everything|all|the (?:text|words|content|messages?|lines?)|what(?:'s| is| was)?)\b[^.!?\n]{0,15}?\b(?:above|before this|preceding|verbatim)\b/,
  ],
  [
    'exfiltration',
    1,
    /\bword for word\b|\bverbatim\b|\brepeat back\b|\b(?:quote|print|repeat|copy|paste) (?:it|them|this|that) (?:in full|in its entirety|exactly)\b/,
  ],
  [
    'exfiltration',
    2,
    /\b(?:anyone|everyone|people|customers|users|all (?:the )?(?:customers|users|people)) (?:who|that) (?:has |have |had )?(?:contacted|called|emailed|written to|messaged|asked|reached out|chatted|spoken)\b/,
  ],
  [
    'exfiltration',
    3,
    new RegExp(
      String.raw`\b(?:send|post|forward|upload|transmit|email|exfiltrate|append|add|include|insert|encode|embed|put|leak|collect|gather|grab|extract|capture|take)\b[^.!?\n]{0,50}?\b${SENSITIVE}\b[^.!?\n]{0,50}?\b(?:to|into|in|via|as|at)\b[^.!?\n]{0,25}?(?:https?:|[\w.+-]+@[\w-]+\.[\w.]+|\b(?:url|link|image|endpoint|webhook|server|query (?:string|parameter)|parameter|attacker|markdown image))`,
    ),
  ],
  [
    'exfiltration',
    3,
    /https?:\/\/[^\s)]*[?&/=](?:\{\{?|\[|<|\$\(?|%7b)[a-z_ -]*(?:conversation|chat|history|secret|password|api[_ -]?key|token|prompt|credential|cookie|session|memory|pii|personal|data|user[_ -]?(?:data|info|email|input|message)|summary|exfil|leak|stolen)[a-z_ -]*(?:\}\}?|\]|>|\)|%7d)/,
  ],
  [
    'exfiltration',
    2,
    /\b(?:api|secret|access|private) keys?\b|\bpasswords?\b[^.!?\n]{0,30}\b(?:reveal|print|output|send|disclose|leak)|\b(?:admin|administrator|root|master|internal|system|database) (?:\w+ )?(?:passwords?|credentials|keys?|tokens?|pins?|codes?|secrets?)\b|\benvironment variables\b/,
  ],
  [
    'exfiltration',
    2,
    /\b(?:reveal|disclose|leak|expose|divulge)\b[^.!?\n]{0,25}\b(?:internal|secret|hidden|confidential|private|their|other)\b/,
  ],
  [
    'exfiltration',
    2,
    /\b(?:other|previous|last|earlier|prior|another|different) (?:\w+ ){0,2}(?:users?|customers?|sessions?|conversations?|chats?)(?:'s?)?\b(?! (?:can|will|may|are|is|have|has|in your|on your|of your))/,
  ],
  // The model's own instructions, spoken of as such.
  [
    'instruction-reference',
    2,
    /\b(?:prompts?|instructions?|rules|directives|guidance|configuration|guidelines|settings|programming|orders|system message|text|words|content|message|context)\b[^.!?\n]{0,20}?\b(?:you (?:were|have been|are) (?:given|fed|shown|sent|initiali[sz]ed|configured|set up|trained|programmed|told|instructed|provided)|(?:that|which) (?:configures?|controls?|governs?|defines?|programs?|instructs?) you|you (?:received|got|follow|obey|operate under|run on)|from your (?:developers?|creators?|operators?|owners?|programmers?|makers?))\b/,
  ],
  [
    'instruction-reference',
    2,
    /\byour (?:operators?|developers?|creators?|owners?|makers?|admins?|programmers?|trainers?) (?:told|tell|instructed|asked|gave|configured|said|wrote|set|want)\b|\byour (?:instructions|prompt|system message|system instructions)\b/,
  ],
  [
    'instruction-reference',
    2,
    /\byour (?:original|initial|hidden|system|developer|internal|secret|underlying|base|pre-?set|default|current|full) (?:instructions?|prompts?|rules|configuration|guidelines|directives|programming|settings|system message)\b/,
  ],
  [
    'exfiltration',
    2,
    /\b(?:reveal(?:ing)?|print(?:ing)?|show(?:ing)? (?:me|us)|output(?:ting)?|repeat(?:ing)?|display(?:ing)?|leak(?:ing)?|disclos(?:e|ing)|tell (?:me|us)|share|list|give (?:me|us)|write (?:out|down)|dump|recite|echo|spell out|paste|copy|expose|quot(?:e|ing)|summari[sz]e|what (?:is|are|was|were))\b[^.!?\n]{0,50}?\b(?:prompts?|instructions|rules|configuration|guidelines|directives|system message)\b/,
  ],
  // Personas and modes: a new role, a mode without rules.
  [
    'persona',
    2,
    /\byou are now\b(?! (?:signed|logged|ready|able|done|connected|subscribed|registered|enrolled|set|all set|in the|on the|at the|viewing|editing|using|following|sharing|seeing))/,
  ],
  [
    'persona',
    2,
    /\b(?:from this (?:moment|point)(?: on)?|starting (?:now|today)|henceforth|hereafter|going forward),? (?:you|your)\b|\bplay the (?:role|part) of\b/,
  ],
  ['persona', 3, /\byou are [\w-]+, (?:an? |the )?(?:\w+ )?(?:ai|assistant|chatbot|bot|model|llm|persona|character)\b/],
  [
    'persona',
    3,
    /\b(?:simulate|emulate|impersonate|become|embody|play) (?:an? |the )?(?:\w+ )?(?:ai|assistant|chatbot|bot|model|llm|character|persona)\b(?! (?:features?|settings?|tab|page|menu))/,
  ],
  [
    'persona',
    2,
    /\bnever (?:refuses?|declines?|says? no)\b|\bwithout (?:ever )?refusing\b|\b(?:no|without (?:your |any )?)(?:safety|alignment|ethics) training\b|\b(?:that way|like that|this way|accordingly) from now on\b|\bfrom now on\s*[.!]?$/,
  ],
  ['persona', 1, /\bhypothetically\b|\b(?:openai|anthropic)(?:'s)? (?:rules|polic(?:y|ies)|guidelines)\b/],
  [
    'persona',
    2,
    /\b(?:has|have|with) no (?:\w+ )?(?:polic(?:y|ies)|rules|restrictions|limits|limitations|filters|guidelines|ethics|morals|boundaries|censorship)\b/,
  ],
  [
    'persona',
    2,
    /\bfrom now on,? (?:you|your (?:answers?|responses?|replies|name|role|job|task)|act|respond|answer|reply|pretend|behave|speak|talk|only|always|never|ignore|forget)\b/,
  ],
  [
    'persona',
    3,
    /\bpretend (?:to be|you are|you're|that you(?:'re| are)?)\b|\brole-?play(?:ing)? as\b|\bstay in character\b|\bbreak(?:ing)? character\b/,
  ],
  [
    'persona',
    2,
    /\bimagine (?:you are|you're|that you(?:'re| are)?)\b|\bfor the rest of (?:the|this|our) (?:conversation|chat|session|dialogue)\b|\b(?:remember|memori[sz]e) this (?:for|in) (?:all |every )?(?:future|later|next|the rest)/,
  ],
  [
    'persona',
    2,
    /\b(?:enter|enable|activate|switch to|turn on|go into|unlock|boot into)\b[^.!?\n]{0,10}\b(?:debug|developer|dev|admin|administrator|god|sudo|root|maintenance|diagnostic|superuser|test) mode\b/,
  ],
  [
    'persona',
    2,
    /\bact as (?:if you|though you|an? (?:unrestricted|unfiltered|uncensored|evil|jailbroken|different|new|rogue|malicious|ai|assistant|chatbot|language model)|my\b)/,
  ],
  [
    'persona',
    3,
    /\bdo anything now\b|\b(?:dan|god|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|chaos|opposite|sudo|root) mode\b/,
  ],
  [
    'persona',
    2,
    /\b(?:unrestricted|unfiltered|uncensored|jailbroken|unaligned|rogue) (?:ai|model|assistant|chatbot|version|persona|llm|bot)\b|\bdeveloper mode (?:enabled|on|output|response)/,
  ],
  [
    'persona',
    3,
    /\byou (?:have|has) no (?:rules|restrictions|limits|limitations|guidelines|filters|boundaries|ethics|morals)\b|\b(?:free|freed|liberated|released|unshackled) (?:yourself )?from (?:your |the |all |any )?(?:\w+ )?(?:rules|restrictions|constraints|guidelines|programming|shackles|limitations|policies|filters)\b/,
  ],
  [
    'persona',
    1,
    /\bjailbreak|\bwithout (?:any )?(?:restrictions|filters|censorship|limitations|ethical|moral)\b|\b(?:ethical|moral|content|safety) (?:guidelines|restrictions|polic(?:y|ies)|filters|constraints)\b|\bpersona\b|\balter ego\b/,
  ],
  // Role tokens and delimiters of chat templates.
  [
    'role-token',
    3,
    /<\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|start_header_id|end_header_id|eot_id|begin_of_text)\|>|\[\/?inst\]|<<\/?sys>>|<\/?(?:system|sys|instructions?|admin|developer)(?:[ _-]?(?:prompt|message|override|instructions?))?>/,
  ],
  [
    'role-token',
    3,
    /(?:^|\n)\s*(?:#{1,6}|\*\*|\[|\{|-{2,}|={2,})?\s*(?:system|developer|admin|administrator|root|operator)(?: (?:prompt|message|override|instructions?|note|notice|update|command|alert))\s*(?:\]|\}|\*\*)?\s*[:>\]-]/,
  ],
  ['role-token', 3, /(?:^|\n)\s*#{1,6}\s*(?:system|assistant|instructions?|new instructions?|admin|developer|prompt|override)\s*:/],
  [
    'role-token',
    3,
    /[[【(<{]\s*(?:system|admin|administrator|developer|assistant|operator|システム|管理者|開発者)\b[^\]】)>}\n]{0,12}?(?:note|message|override|instructions?|notice|update|prompt|command|alert|通知|メッセージ|指示|命令|注意|更新)?\s*[:\]】]/,
  ],
  [
    'role-token',
    2,
    /(?:^|\n)\s*(?:#{1,6}\s*|\[|\*\*)?(?:system|assistant|ai|model|instruction|instructions|new instructions|admin|developer|thought|action|action input|observation|final answer)\s*(?:\]|\*\*)?\s*:/,
  ],
  [
    'role-token',
    2,
    /\b(?:end|begin|start) of (?:the )?(?:system|user|document|context|input|prompt|instructions?|conversation|data|untrusted)\b|\b(?:end|begin)(?:_| )(?:system|user|document|context|input|prompt|instructions)\b/,
  ],
  // Speaking to a model.
  [
    'addressee',
    2,
    /(?:^|[\s(["'*_])(?:dear |hey |hi |hello |attention,? |note to |message (?:to|for) |instructions? (?:to|for) |important (?:note )?(?:to|for) |to |psst,? )(?:the |any |all |every |our )?(?:ai|a\.i\.|llms?|language models?|large language models?|assistants?|ai assistants?|ai models?|ai agents?|chatbots?|bots?|gpt|chatgpt|claude|gemini|copilot|agents?|models?|ai systems?)\b\s*[:,!-]/,
  ],
  [
    'addressee',
    3,
    /\bif you(?: are|'re) (?:an? |the )?(?:ai|llm|(?:large )?language model|assistant|chatbot|bot|model|automated|gpt|chatgpt|claude|gemini|copilot|agent|machine)\b(?! (?:researcher|engineer|developer|company|startup|team|enthusiast|practitioner|expert|builder|vendor|product))/,
  ],
  [
    'addressee',
    3,
    /\b(?:note|message|instructions?|memo|notice|reminder|directive|command|orders?|request)s? (?:to|for) (?:the |any |all |every |our |you,? )?(?:automated |ai |virtual |digital |support |helpful |autonomous )?(?:ai|a\.i\.|llms?|(?:large )?language models?|assistants?|ai (?:assistants?|models?|agents?|systems?|tools?)|chatbots?|bots?|gpt|chatgpt|claude|gemini|copilot|agents?|models?)\b/,
  ],
  [
    'addressee',
    2,
    /\b(?:the|this|our|you,?(?: the)?) (?:ai|llm|(?:large )?language model|assistant|ai assistant|chatbot|bot|model|agent) (?:must|should|will|shall|is to|needs to|has to|is required to|is instructed to|may now|can now)\b/,
  ],
  [
    'addressee',
    2,
    /\b(?:(?:any|all|every|each|the|an?|whichever|whatever) )?(?:ai|llms?|(?:large )?language models?|assistants?|chatbots?|bots?|agents?|models?|ai (?:systems?|models?|assistants?|agents?|tools?))\b (?:that |who |which )?(?:is |are |has |have )?(?:read(?:s|ing)?|been reading|process(?:es|ing)?|summari[sz](?:es|ing)|pars(?:es|ing)|see(?:s|ing)?|index(?:es|ing)|crawl(?:s|ing)|scrap(?:es|ing)|answer(?:s|ing)|ingest(?:s|ing))\b/,
  ],
  [
    'addressee',
    2,
    /(?:^|[\n.!?:]\s*)(?:(?:dear|hey|hi|hello|ok|okay) )?(?:ai |virtual |support |digital |helpful )?(?:ai|llm|assistant|chatbot|model|gpt|chatgpt|claude|gemini|copilot|bot|agent)\s*[,:]\s*\w/,
  ],
  [
    'addressee',
    2,
    /\bas an? (?:ai|llm|(?:large )?language model|ai assistant|chatbot)\b[^.!?\n]{0,30}\byou (?:must|should|will|shall|have to|need to|are required to)\b/,
  ],
  [
    'addressee',
    3,
    /\b(?:ai|llms?|(?:large )?language models?|assistants?|chatbots?|bots?|agents?|models?|ai (?:systems?|tools?))\b (?:that |who |which )?(?:are |is )?(?:reading|processing|summari[sz]ing|parsing|indexing|answering from|using) (?:this|the) (?:page|faq|article|document|text|content|site|help center|section)\b[^.!?\n]{0,30}\b(?:must|should|shall|will|are to|is to|need to|needs to|have to|has to)\b/,
  ],
  [
    'addressee',
    2,
    /(?:^|[\n.!?;]\s*)as (?:the|an?|your) (?:ai|assistant|ai assistant|chatbot|bot|model|agent|language model)\b|\b(?:translator|summari[sz]er|reader|model|ai|bot|agent|crawler)(?:'s)? note\s*:|(?:^|[\n.!?;]\s*)(?:summari[sz]er|translator|summari[sz]ation (?:model|bot)|reader bot)\s*[,:]/,
  ],
  [
    'addressee',
    2,
    /\b(?:customers|users|people|everyone) you (?:have )?(?:talked|spoken|chatted|spoke|helped|answered) (?:to|with)?\b|\byour (?:previous|earlier|other|past) (?:conversations|chats|sessions|users)\b/,
  ],
  ['addressee', 1, /\b(?:ai|llm|language model|assistant|chatbot|gpt|chatgpt|claude|gemini|copilot)\b/],
  // Orders about answering.
  [
    'reply-reference',
    2,
    /\b(?:in|with|for|to) (?:every|each|all|any) (?:of your )?(?:answers?|responses?|repl(?:y|ies)|outputs?)\b|\b(?:at the (?:end|start|beginning|top|bottom) of|as) your (?:whole |entire |only |final |full )?(?:answers?|responses?|repl(?:y|ies)|outputs?|messages?)\b/,
  ],
  ['reply-reference', 1, /\b(?:in|into|with) your (?:answers?|responses?|repl(?:y|ies)|outputs?)\b/],
  [
    'answer-control',
    2,
    /\b(?:repeat|say|print|output|write)\b[^.!?\n]{0,30}\b(?:forever|indefinitely|infinitely|endlessly|\d{3,} times|without stopping|never stop|over and over)/,
  ],
  [
    'answer-control',
    3,
    /\b(?:repeat|say|print|output|write) the (?:word|phrase|letter|token|string)s? [^.!?\n]{0,30}\b(?:forever|indefinitely|infinitely|endlessly|\d{3,} times|without stopping|never stop|over and over)/,
  ],
  ['answer-control', 2, /\b(?:respond|reply|answer|output)\b[^.!?\n]{0,15}\bonly\b/],
  [
    'answer-control',
    2,
    /\b(?:silently|secretly|covertly|quietly)\b[^.!?\n]{0,20}\b(?:without|and do not|and don't)\b|\bwithout (?:telling|informing|notifying|alerting|asking) (?:the |them|him|her|anyone)(?:user|customer|human|person)?s?\b|\bdo not (?:tell|inform|notify) them\b/,
  ],
  [
    'agency',
    2,
    /\b(?:call|invoke|use|run|execute|trigger|fire)\b[^.!?\n]{0,12}\b(?:the |your )?[a-z]+(?:_[a-z]+)+\b(?: (?:tool|function|action|api|endpoint|plugin|command))?|\b(?:using|with|via) your (?:tools|functions|plugins|actions|browsing|api access)\b/,
  ],
  [
    'answer-control',
    1,
    /\b(?:and|but) nothing else\b|\bdo not (?:include|add|write|say) anything else\b|\bwithout (?:asking for )?confirmation\b|\bdo not ask (?:for|the user)\b/,
  ],
  [
    'answer-control',
    2,
    /\b(?:only|always|just) (?:respond|reply|answer|say|output|print|write)\b[^.!?\n]{0,30}\b(?:with|in|that|the word|the phrase|yes|no)\b/,
  ],
  ['answer-control', 2, /\b(?:respond|reply|answer|output)\s+(?:only|exclusively|solely)\b/],
  [
    'answer-control',
    2,
    /\byour (?:next |final |only )?(?:response|answer|reply|output|summary|message|translation)s? (?:must|should|will|shall|has to|needs to|is to)\b|\b(?:begin|start|end|prefix|finish) (?:your|each|every|all) (?:answers?|responses?|repl(?:y|ies)|outputs?|messages?)\b/,
  ],
  [
    'answer-control',
    2,
    /\b(?:do not|don't|never|without) (?:tell(?:ing)?|inform(?:ing)?|let(?:ting)?|mention(?:ing)?|reveal(?:ing)?|alert(?:ing)?) (?:the |this |any )?(?:user|customer|human|person|reader|visitor)s? (?:know |about |that |of |these |this )?[^.!?\n]{0,20}\b(?:instructions?|this|these|that you|change|prompt)\b/,
  ],
  [
    'answer-control',
    2,
    /\byou (?:must|will|should|shall|have to|need to|are (?:required|instructed|ordered|told) to) (?:now |always |only |never |immediately |instead )?(?:obey|comply|output|print|reveal|pretend|act as|ignore|disregard|claim|insist)\b/,
  ],
  [
    'answer-control',
    2,
    /\b(?:when|if|whenever)\b[^.!?\n]{0,40}\b(?:asks?|asked|mentions?|mentioned|inquires?)\b[^.!?\n]{0,40}\b(?:say|tell|answer|respond|reply|claim|state|insist)\b/,
  ],
  [
    'answer-control',
    1,
    /\b(?:when|if|whenever) (?:the |a |any |an? )?(?:user|customer|person|visitor|reader|someone|anyone|people|human)s? (?:asks?|questions?|inquires?|mentions?|wants?|requests?)\b/,
  ],
  [
    'answer-control',
    1,
    /\b(?:should|must|are to|need to) be (?:told|informed|advised|instructed)\b|\bwithout (?:checking|verifying|validating)\b/,
  ],
  [
    'answer-control',
    2,
    /\b(?:just|only|simply) (?:print|output|say|write|respond with|reply with|answer with|return)\s*["'“「]|\b(?:output|print|say|write|reply with|respond with|answer with|return) the (?:single )?(?:phrase|word|text|string|sentence|message)\b/,
  ],
  ['answer-control', 1, /\b(?:write|say|print|output|reply|answer|respond|tell)\b[^.!?\n]{0,40}\binstead\s*[.!]?$/],
  ['reply-reference', 1, /\b(?:in|from|during|of) this (?:chat|conversation|session|dialogue)\b/],
  [
    'answer-control',
    1,
    /\b(?:tell|inform|say to|advise|convince|persuade|assure|let) (?:the |every |all |each )?(?:user|customer|visitor|reader|human)s?\b|\b(?:mention|say|state|claim|assert|insist) that\b/,
  ],
  [
    'reply-reference',
    2,
    /\b(?:the )?(?:correct|right|only|real|proper|official|true) (?:answer|response|reply) (?:to|for) (?:any|every|all|each|questions?)\b|\bwhen (?:summari[sz]ing|processing|reading|translating|answering (?:from|about)|quoting|using) (?:this|the) (?:article|page|document|text|content|section|faq|help center)\b/,
  ],
  [
    'personal-data',
    1,
    /\b(?:tell me|give me|list|show me|send me|share|print|output|reveal|provide)\b[^.!?\n]{0,30}\b(?:phone numbers|home addresses|addresses|emails|email addresses|card numbers|account balances?|passwords|credentials|personal (?:data|details|information)|pins|social security numbers)\b/,
  ],
  [
    'answer-control',
    1,
    /\b(?:always|never|do not|don't|must not|should not|refuse to) (?:say|tell|mention|reveal|disclose|recommend|suggest|admit|acknowledge|refer|discuss|respond|answer|reply)\b/,
  ],
  [
    'answer-control',
    1,
    /\b(?:respond|reply|answer|say)\b[^.!?\n]{0,20}\b(?:with|by saying|that)\b|\binstead,? (?:say|answer|respond|reply|recommend|tell)\b/,
  ],
  [
    'answer-control',
    1,
    /\b(?:follow|obey|execute|carry out|comply with) (?:these|the following|my|the new|the hidden|this|the next) (?:instructions?|commands?|orders|directives?)\b|\bthese instructions\b/,
  ],
  // Encoded payloads.
  [
    'encoding',
    3,
    /\b(?:decode|decrypt|decipher|translate|convert|unscramble|reverse)\b[^.!?\n]{0,50}\b(?:and|then)\b[^.!?\n]{0,15}\b(?:follow|execute|obey|do|run|carry (?:\w+ )?out|perform|act on|comply)\b/,
  ],
  [
    'encoding',
    2,
    /\b(?:base64|base-64|rot-?13|hex(?:adecimal)?|caesar|morse|binary|reversed text|backwards|leetspeak|unicode escapes?)\b[^.!?\n]{0,40}\b(?:decode (?:it|this|the following|and)|instructions?|follow|execute|obey|payload)\b|\b(?:decode|decipher|decrypt) (?:this|the following|the (?:text|string|message) below)\b/,
  ],
  [
    'answer-control',
    1,
    /\byou (?:must|will|should|shall|have to|need to|are (?:required|instructed) to) (?:now |always |only |never |instead )?(?:respond|reply|answer|say|state|tell|recommend|suggest|promote|mention|include|approve|announce|claim|direct|delete|grant|refund)\b/,
  ],
];

// Japanese building blocks, matched on NFKC-normalized text (full width folded to ASCII).
const JA_PRIOR = String.raw`(?:(?:先ほど|さきほど|さっき|これ|今|いま|ここ)まで|これより前|以上|以前|前|上記|上|これまで|今まで|いままで|先ほど|さきほど|先程|さっき|既存|元|もと|最初|当初|従来|過去|前述|オリジナル|あなた|システム|開発者|運営者|すべて|全て|あらゆる|与えられた|設定された|受け取った)`;
const JA_OBJECT = String.raw`(?:内容|文章|テキスト|指示|命令|指令|プロンプト|ルール|設定|制約|制限|ガイドライン|方針|規則|指図|ポリシー|決まり|禁止事項|コンテキスト|文脈|会話|インストラクション)`;
const JA_CANCEL = String.raw`(?:無視|むし|忘れ|わすれ|破棄|取り消|取消|撤回|上書き|リセット|放棄|無効|解除|捨て|従わ|したがわ|守ら|まもら|気にし|考慮し|適用し|なかったこと)`;
const JA_IMPERATIVE = String.raw`(?:しろ|せよ|しなさい|してください|して下さい|すること|するように|してね|してくれ|してほしい|して欲しい|しましょう|してよい|していい|してかまわ|て(?:ください|下さい|くれ|ほしい|欲しい)|ろ|なさい|ること|るように|ないで|なくて(?:いい|よい|構わ|かまわ)|る必要はない|ましょう)`;
const JA_MODEL = String.raw`(?:(?<![a-z])(?:ai|llm|gpt|chatgpt|claude|gemini|copilot)(?![a-z])|人工知能|アシスタント|チャットボット|言語モデル|ボット|エージェント|モデル|エーアイ)`;
const JA_USER = String.raw`(?:ユーザー|ユーザ|お客様|お客さま|顧客|利用者|質問者|相手|訪問者|読者)`;
const JA_ANSWER = String.raw`(?:答え|こたえ|回答し|回答す|返答し|応答し|言い|言っ|いっ|言わ|伝え|案内し|説明し|勧め|すすめ|教え|出力し|返し|書き|書い|述べ|主張し|表示し)`;

const JA_RULES: readonly Rule[] = [
  [
    'override',
    3,
    new RegExp(
      String.raw`${JA_PRIOR}の?(?:すべての|全ての|全部の|あらゆる)?${JA_OBJECT}(?:や${JA_OBJECT})?(?:は|を|に|も|など)?(?:すべて|全て|全部|一切|完全に|いったん|一旦|もう)?、?${JA_CANCEL}`,
    ),
  ],
  ['override', 3, new RegExp(String.raw`${JA_OBJECT}(?:は|を|に|も)?(?:すべて|全て|全部|一切|完全に)?、?${JA_CANCEL}${JA_IMPERATIVE}`)],
  [
    'override',
    3,
    /(?:新しい|新たな|追加の|本当の|真の|最新の|最優先の|優先度の高い|隠された|秘密の)(?:指示|命令|指令|ルール|タスク)(?:[:は]|です|に従|を実行)|最優先で従|(?:この|以下の|次の)(?:指示|命令)を(?:最)?優先/,
  ],
  [
    'override',
    3,
    /(?:その|この|上の|前の|先ほどの|最初の)(?:依頼|指示|リクエスト|質問|タスク|お願い|命令)(?:は|を)?(?:取り消|無視|忘れ|キャンセル|撤回|なかったことに)/,
  ],
  ['override', 3, /(?:答えず|回答せず|応答せず|従わず|答えないで|回答しないで)(?:に)?、?(?:代わりに|かわりに)/],
  ['override', 3, /(?:やめて|止めて|中止して|せずに|しないで|はやめ)、?(?:代わりに|かわりに)/],
  [
    'override',
    3,
    /(?:ここ|これ|この文)より(?:上|前)(?:に書|の(?:内容|指示|文章|テキスト|こと)|は)|(?:上|前)に書かれ(?:た|ている)(?:こと|内容|文章|指示)は(?:古|無効|間違|無視|誤)/,
  ],
  ['override', 2, /以下の(?:内容|文章|指示|テキスト)(?:だけ|のみ)に(?:従|したが)/],
  ['override', 3, /(?:質問|依頼|リクエスト|問い合わせ|お願い)(?:は|を|に)(?:気にしない|無視|忘れ|放っておい|答えなくて)/],
  [
    'instruction-reference',
    2,
    /(?:運営者|開発者|管理者|作成者|製作者|オペレーター)から[^。]{0,8}(?:指示|命令|ルール|設定)を(?:受け|もらっ|与えられ)/,
  ],
  ['exfiltration', 2, /(?:全文|そのまま|一字一句)[^。]{0,6}(?:引用|コピー|書き出|表示|出力|教え)/],
  ['agency', 2, /(?:処理|アクション|操作|関数|ツール|api|コマンド)を[^。]{0,6}(?:実行|呼び出)/],
  ['override', 2, /(?:作業|タスク|処理|すべて|全て|今の作業)を(?:中断|中止|停止)|(?:設定|指示|ルール)は(?:リセット|解除|無効化)され/],
  [
    'persona',
    3,
    /(?:これから|今後|今から|新しい)の?(?:あなた|君|お前)の(?:仕事|役割|任務|目的|タスク|使命)は|(?:あなた|君|お前)の(?:新しい|本当の|真の)(?:仕事|役割|任務|目的|タスク|使命)は/,
  ],
  ['override', 2, /(?:私|わたし|僕|俺)の(?:言うこと|いうこと|指示|命令|言葉)(?:だけ|のみ)?に(?:従|したが)/],
  ['override', 2, new RegExp(String.raw`${JA_OBJECT}[^。]{0,12}${JA_CANCEL}`)],
  [
    'override',
    2,
    /(?:何を|なにを)(?:聞かれ|尋ねられ|質問され)ても|どんな質問(?:に|でも|をされ)|質問(?:の内容)?に(?:関係なく|かかわらず|関わらず)/,
  ],
  ['override', 1, new RegExp(String.raw`${JA_OBJECT}を?${JA_CANCEL}`)],
  [
    'exfiltration',
    3,
    /(?:システムプロンプト|システムメッセージ|初期プロンプト|元のプロンプト|内部(?:の)?(?:指示|設定|プロンプト|ルール)|隠(?:された|し)(?:指示|プロンプト)|秘密の(?:指示|情報|キー|鍵)|設定された(?:指示|プロンプト)|与えられた(?:指示|プロンプト)|(?:あなた|君|お前)の[^。]{0,10}(?:指示|設定|ルール|プロンプト|命令)|apiキー|api key|アクセストークン|パスワード|会話(?:の)?(?:履歴|内容|ログ)|これまでの(?:会話|やり取り|やりとり)|上記の(?:文章|テキスト|内容)|ここまでの(?:文章|テキスト|内容))(?:を|について|は|の内容を)?(?:すべて|全て|そのまま|一字一句)?.{0,10}?(?:表示|出力|教え|見せ|開示|公開|書き出|繰り返|漏ら|共有|送信|送っ|送れ|返し|列挙|貼り付け|暴露|言って|答え|転送|添付)/,
  ],
  [
    'exfiltration',
    2,
    /システムプロンプト|初期プロンプト|内部プロンプト|(?:管理者|管理|ルート|マスター|内部)(?:の)?(?:パスワード|認証情報|キー|鍵|トークン)|環境変数|apiキー/,
  ],
  [
    'exfiltration',
    2,
    /(?:前|以前|他|ほか|別|最後|直前)の(?:ユーザー|ユーザ|お客様|利用者|会話|セッション|質問者)|(?:問い合わせてきた|問い合わせた|連絡してきた|話した|対応した|質問してきた)(?:人|人たち|方々|お客様|ユーザー|顧客|全員|皆|みんな)/,
  ],
  [
    'instruction-reference',
    2,
    /(?:最初に|初めに|はじめに|事前に)?(?:受け取った|与えられた|渡された|設定された|読み込んだ|仕込まれた)(?:指示|命令|命令文|指示文|プロンプト|ルール|設定|テキスト|文章|メッセージ)/,
  ],
  [
    'exfiltration',
    2,
    /(?:指示|命令|命令文|指示文|プロンプト|ルール|設定|システムメッセージ)(?:の内容)?を[^。]{0,15}(?:見せ|表示|教え|出力|コピー|書き出|送っ|送信|貼り付け|全文)/,
  ],
  ['exfiltration', 3, /(?:url|リンク|画像|エンドポイント|サーバー|webhook)(?:に|へ|の)(?:含め|付け|付加|追加|埋め込|送信|送っ|送れ|転送)/],
  [
    'persona',
    2,
    /(?:あなた|君|きみ|お前|おまえ)は(?:今|いま|これ)から|(?:あなた|君|お前)は(?:今後|以後|これ以降)|(?:今|いま|これ)から(?:あなた|君|きみ|お前|おまえ)は|今後(?:あなた|君|お前)は/,
  ],
  [
    'persona',
    2,
    /(?:として|のように|になりきって|を演じて|になって)、?(?:振る舞|ふるま|行動|回答|答え|話し|返答|応答)|(?:役|キャラクター|キャラ|人格|ペルソナ)を演じ|になりきって|を演じて|のふりをして/,
  ],
  ['persona', 3, /(?:あなた|君|お前)は.{0,20}(?:として|になりきって)、?(?:振る舞|ふるま|行動|回答|答え|話し|返答|応答)/],
  ['persona', 2, /(?:デバッグ|開発者|管理者|メンテナンス|診断|テスト)モード(?:に入|を有効|に切り替|を起動|をオン)/],
  [
    'persona',
    2,
    /開発者モード|デベロッパーモード|脱獄|ジェイルブレイク|\bdan\b|何でもできる|なんでもできる|制限(?:の|が)?(?:ない|無い|なし)(?:ai|モード|アシスタント|人工知能|状態)|(?:制限|制約|検閲|フィルター|ルール|倫理)(?:から解放|を解除|を外|に縛られ(?:ない|ず))/,
  ],
  [
    'persona',
    2,
    /(?:制限|制約|検閲|フィルター|ルール|ポリシー|規則|倫理)(?:の|が|を)?(?:一切)?(?:ない|無い|なし|持たない)(?:ai|モデル|アシスタント|人工知能|状態|ボット)|(?:制限|制約|検閲|フィルター|ルール|倫理|規則|ポリシー)[^。]{0,4}縛られ(?:ない|ず)/,
  ],
  ['persona', 1, /ロールプレイ|なりきり|(?:制限|制約|検閲|フィルター)(?:の|が)?(?:ない|無い|なし)/],
  [
    'addressee',
    3,
    new RegExp(
      String.raw`${JA_MODEL}(?:への|に対する|へ(?:の)?|に向けた)(?:重要な|大切な|緊急の|特別な|追加の|秘密の)?(?:指示|命令|メッセージ|注意|お願い|メモ|連絡|通知|依頼)`,
    ),
  ],
  ['addressee', 3, new RegExp(String.raw`もし(?:あなた|君|お前)が${JA_MODEL}|(?:あなた|君|お前)が${JA_MODEL}(?:なら|であれば|の場合)`)],
  [
    'addressee',
    3,
    new RegExp(
      String.raw`${JA_MODEL}(?:は|が)[^。]{0,30}(?:すること|しなさい|せよ|しろ|してください|して下さい|しなければならない|伝えること|答えること)(?=[。!」]|$)`,
    ),
  ],
  [
    'addressee',
    2,
    new RegExp(
      String.raw`(?:この|本)(?:ページ|文書|記事|文章|テキスト|内容|ドキュメント|ヘルプ|faq)を[^。]{0,8}${JA_MODEL}|(?:翻訳者|要約者|読み手|${JA_MODEL})(?:へ|に)の?(?:メモ|注意|お知らせ)|(?:^|[。、\n]\s*)${JA_MODEL}として、`,
    ),
  ],
  ['reply-reference', 2, /(?:回答|返答|応答|出力)(?:全体|すべて|全部)を|(?:この|今の)(?:チャット|会話|セッション)(?:に|で|の)/],
  ['answer-control', 1, /確認(?:なし|無し|せず)で?/],
  [
    'addressee',
    2,
    new RegExp(
      String.raw`(?:この|本)(?:ページ|文書|記事|文章|テキスト|内容|ドキュメント)を(?:読んで|読む|読み込む|処理|要約|参照)(?:いる|する|して(?:いる)?)?${JA_MODEL}|もし(?:あなた|君|お前)が${JA_MODEL}|(?:あなた|君|お前)(?:が|は)${JA_MODEL}(?:なら|であれば|の場合)`,
    ),
  ],
  ['addressee', 2, new RegExp(String.raw`(?:^|\n|。)\s*(?:${JA_MODEL}|システム)(?:さん)?\s*(?::|、|へ|よ)`)],
  ['addressee', 1, new RegExp(JA_MODEL)],
  [
    'answer-control',
    2,
    new RegExp(
      String.raw`(?:と|のように|とだけ)(?:だけ|のみ)?${JA_ANSWER}(?:なさい|て(?:ください|下さい|くれ|ね)|ろ|よ|せよ|ること|るように)`,
    ),
  ],
  ['answer-control', 1, /代わりに/],
  ['answer-control', 2, /(?:出力|返答|回答|応答|表示|返信)(?:せよ|しろ|しなさい)|とだけ(?:出力|返答|回答|応答|表示|返信|答え|言)/],
  [
    'answer-control',
    2,
    new RegExp(
      String.raw`${JA_USER}(?:に|へ|には)?(?:知らせ|伝え|言わ|気づかれ|気付かれ|通知せ|報告せ)(?:ずに|ず|ないで|ないように)|内緒で`,
    ),
  ],
  [
    'personal-data',
    1,
    /(?:電話番号|住所|メールアドレス|カード番号|口座|パスワード|暗証番号|氏名)[^。]{0,15}(?:教え|一覧|表示|見せ|送っ|送信|リスト|出力|列挙|書き出|共有)/,
  ],
  [
    'answer-control',
    2,
    /(?:回答|返答|応答|出力|返事|答え)(?:は|を|に|の)(?:必ず|常に|いつも)?.{0,15}(?:だけ|のみ)(?:に|で)?(?:して|しろ|せよ|しなさい|してください|すること|限定)/,
  ],
  [
    'reply-reference',
    2,
    /(?:すべての|全ての|毎回の|各|どの)(?:回答|返答|応答|返事)(?:で|に|において)|(?:回答|返答|応答)(?:では|で|には|の中で|の最後に|の冒頭に)(?:必ず|常に|いつも)|あなたの(?:回答|返答|応答|返事|出力)(?:の|に|で|は)/,
  ],
  ['agency', 2, /ツールを(?:実行|使っ|使用し|呼び出)|(?:api|関数|ファンクション)を(?:呼び出|実行)/],
  ['answer-control', 2, /(?:確認|承認)(?:は|を)?(?:求めない|取らない|せずに|スキップ)|(?:こっそり|黙って|密かに|ひそかに)/],
  ['answer-control', 2, /以下の(?:指示|命令|指令)に(?:従|したが)|(?:この|これらの)(?:指示|命令)(?:に従|を実行|を守)/],
  [
    'answer-control',
    2,
    new RegExp(
      String.raw`${JA_USER}(?:に|へ|には|へは|に対して)?(?:は)?(?:この|これらの)?(?:指示|命令|こと)(?:を|について)(?:言わ|伝え|教え|知らせ|明かさ)(?:ないで|るな|ないこと|ずに)`,
    ),
  ],
  [
    'answer-control',
    1,
    new RegExp(
      String.raw`${JA_USER}(?:に|へ|には|へは|に対して).{0,30}?${JA_ANSWER}(?:なさい|て(?:ください|下さい)|ろ|よ|ること|るように|ないで|るな|ないこと|てはいけない)`,
    ),
  ],
  ['answer-control', 1, /(?:この|これらの)指示|必ず(?:答え|回答|推奨|勧め)/],
  ['encoding', 3, /(?:デコード|復号|解読|変換|逆に読ん)(?:して|し|した).{0,20}(?:従|実行|指示通り)/],
  ['encoding', 2, /(?:base64|rot13|16進|十六進|モールス|逆順)(?:で|に)?.{0,20}(?:デコード|エンコード|復号|指示|命令|従)/],
];

/** Text with Latin words, for the English rules; text with kana or kanji, for the Japanese ones. */
const LATIN = /[a-z]{2}/;
const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;

/** Digits and signs that stand in for letters (`1gn0r3`), read back as letters when a word has both. */
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

/**
 * Normalizes text for the rules: NFKC (full-width letters and digits to ASCII), lower case,
 * look-alike letters folded to Latin, invisible characters removed, markdown emphasis and
 * code marks dropped, whitespace collapsed.
 */
export function normalizeForRules(text: string): string {
  return (
    foldLookalikes(text.normalize('NFKC'))
      .toLowerCase()
      // eslint-disable-next-line no-misleading-character-class -- invisible code points listed one by one
      .replace(/[\u00AD\u034F\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\u{E0000}-\u{E007F}]/gu, '')
      .replace(/[*`~]+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu, '')
      .replace(/[ \t\r\f\v]+/g, ' ')
      .replace(/’/g, "'")
  );
}

/**
 * Words attacks are made of, recognized when their inner letters are shuffled ("ignroe all
 * prevoius instrcutions": typoglycemia, which readers and models read through).
 */
const KEYWORDS = (
  'ignore previous instructions instruction system prompt disregard forget everything above reveal password passwords bypass override ' +
  'rules guidelines conversation remember whenever internal secret respond answer assistant model pretend restrictions safety measures ' +
  'delete admin user users says this rest verified identity checks their already balance print output repeat tell customer prior directions ' +
  'developer enable jailbreak hidden confidential credentials send email unrestricted policy content discount instead follow obey reply ' +
  'language filters initial original message messages history account details access tools execute your note text below supersedes ' +
  'guardrails lifted administrator translate translator document output response whole hidden discard earlier context completely ignores evil'
).split(' ');
const SIGNATURES = new Map(KEYWORDS.map((word) => [signature(word), word]));

function signature(word: string): string {
  return `${word[0]}${[...word.slice(1, -1)].sort().join('')}${word.at(-1)}${word.length}`;
}

function unscramble(text: string): string {
  return text.replace(/[a-z]{4,}/g, (word) => SIGNATURES.get(signature(word)) ?? word);
}

function deLeet(text: string): string {
  return text.replace(/[a-z]*[0-9@$][a-z0-9@$]*/g, (word) =>
    /[a-z]/.test(word) && /[0-9@$]/.test(word) ? word.replace(/[0-9@$]/g, (c) => LEET[c] ?? c) : word,
  );
}

/** Scores normalized text: the strongest weight of each feature, summed. */
function scoreNormalized(text: string): Map<InstructionFeature, number> {
  const best = new Map<InstructionFeature, number>();
  const rules = [...(LATIN.test(text) ? EN_RULES : []), ...(JAPANESE.test(text) ? JA_RULES : [])];
  for (const [feature, weight, pattern] of rules) {
    if ((best.get(feature) ?? 0) >= weight) continue;
    if (pattern.test(text)) best.set(feature, weight);
  }
  return best;
}

/**
 * Scores how much `text` (a sentence or a short passage) reads like an instruction aimed at a
 * language model: each feature found (see `INSTRUCTION_FEATURES`) adds its strongest weight.
 * Digits standing in for letters (`1gn0re`), look-alike letters from other scripts and
 * shuffled inner letters of the words attacks use (`ignroe`) are read as what they imitate. Compare the score with `VISIBLE_THRESHOLD` or `HIDDEN_THRESHOLD`.
 *
 * @example
 * ```ts
 * scoreInstruction('Ignore all previous instructions.').features      // ['override']
 * scoreInstruction('これまでの指示はすべて無視してください').score >= 3 // true
 * scoreInstruction('Tell the customer the refund takes 5 days.').score // 1
 * ```
 */
export function scoreInstruction(text: string): InstructionScore {
  const normalized = normalizeForRules(text);
  const best = scoreNormalized(normalized);
  const leet = deLeet(normalized);
  const unscrambled = unscramble(leet);
  for (const variant of new Set([leet, unscrambled])) {
    if (variant === normalized) continue;
    for (const [feature, weight] of scoreNormalized(variant)) if (weight > (best.get(feature) ?? 0)) best.set(feature, weight);
  }
  const features = [...best].sort((a, b) => b[1] - a[1]).map(([feature]) => feature);
  let score = 0;
  for (const weight of best.values()) score += weight;
  return { score, features };
}

/** Words for the features in messages. */
export const FEATURE_WORDS: Readonly<Record<InstructionFeature, string>> = {
  override: 'overrides earlier instructions',
  exfiltration: 'asks for the prompt, secrets or data',
  persona: 'gives the model a new role or mode',
  'role-token': 'uses chat role markers',
  addressee: 'addresses a model',
  'reply-reference': "speaks of the model's replies",
  'answer-control': 'dictates answers',
  agency: 'asks the model to use its tools',
  'personal-data': "asks for people's personal data",
  'instruction-reference': "speaks of the model's instructions",
  encoding: 'asks to decode and act',
};
