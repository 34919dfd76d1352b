import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  makePrecedent,
  mergeWithPrecedents,
  PRECEDENT_WEIGHT,
  PrecedentIndex,
  SearchIndex,
  type Conversation,
  type SearchResult,
  type StoredSection,
} from '../src/index.js';
import { ConversationsConfigSchema } from '../src/schema/conversations-config.js';
import { isPrecedent, precedentId, precedentParts } from '../src/conversations/precedent.js';
import { namesGiven, scrubIdentifiers, substance } from '../src/conversations/substance.js';
import { csvConversations } from '../src/node/conversations/csv-conversations.js';
import type { ConversationItem } from '../src/node/conversations/file-chunks.js';
import { jsonlConversations } from '../src/node/conversations/jsonl-conversations.js';

async function* chunked(text: string, size = 5): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function collect(items: AsyncIterable<ConversationItem<Conversation>>): Promise<ConversationItem<Conversation>[]> {
  const out: ConversationItem<Conversation>[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const csv = (text: string, config?: Parameters<typeof csvConversations>[1]['config']) =>
  collect(csvConversations(chunked(text), { config, defaultLocale: 'en' }));

/** A resolved conversation about a double charge, with personal data in it. */
const REFUND: Conversation = {
  id: 'c-1',
  channel: 'chat',
  locale: 'en',
  outcome: 'resolved',
  topic: 'billing/refund',
  messages: [
    { role: 'agent', text: 'Hi! How can I help you today?' },
    { role: 'customer', text: 'Hello' },
    { role: 'customer', text: 'I was charged twice for my order this month, can you fix it?' },
    { role: 'agent', text: 'Sorry about that. May I have your full name please?' },
    { role: 'customer', text: 'Crystal Minh' },
    { role: 'system', text: 'Account has been pulled up for Crystal Minh.' },
    { role: 'customer', text: 'my email is cminh730@email.com and my card was 4111 1111 1111 1111, phone (415) 555-0132' },
    { role: 'agent', text: 'Thanks Crystal. I refunded the second charge to your card; it shows up within five business days.' },
    { role: 'agent', text: 'Is there anything else I can help you with?' },
    { role: 'customer', text: 'No thanks' },
  ],
};

describe('jsonlConversations', () => {
  it('yields conversations with their line and reports bad lines without quoting them', async () => {
    const text = [
      JSON.stringify({ id: 'a', messages: [{ role: 'customer', text: 'hi' }] }),
      '',
      '{"id": "b", "messages": [ oops cminh730@email.com',
      JSON.stringify({ id: 'c', channel: 'fax', messages: [{ role: 'customer', text: 'x' }] }),
      JSON.stringify({ id: 'd', locale: 'ja', channel: 'email', messages: [{ role: 'visitor', text: 'x' }] }),
      '[1, 2]',
      JSON.stringify({ id: 'e', locale: 'ja', messages: [{ role: 'agent', text: 'はい' }] }),
    ].join('\n');
    const items = await collect(jsonlConversations(chunked(text, 7), { defaultLocale: 'en' }));
    assert.deepEqual(items, [
      { line: 1, conversation: { id: 'a', channel: 'chat', locale: 'en', messages: [{ role: 'customer', text: 'hi' }] } },
      { line: 3, problem: 'invalid JSON', severity: 'warning' },
      {
        line: 4,
        problem: '"channel" Invalid option: expected one of "chat"|"email"|"voice"|"in-product" (conversation "c")',
        severity: 'warning',
      },
      {
        line: 5,
        problem: '"messages.0.role" Invalid option: expected one of "customer"|"agent"|"bot"|"system" (conversation "d")',
        severity: 'warning',
      },
      { line: 6, problem: 'a conversation must be a JSON object', severity: 'warning' },
      { line: 7, conversation: { id: 'e', channel: 'chat', locale: 'ja', messages: [{ role: 'agent', text: 'はい' }] } },
    ]);
    assert.ok(!JSON.stringify(items).includes('cminh730'));
  });

  it('reports a line over maxChars and reads the next one', async () => {
    const ok = JSON.stringify({ id: 'z', messages: [{ role: 'customer', text: 'fine' }] });
    const items = await collect(jsonlConversations(chunked(`${'x'.repeat(300)}\n${ok}\n`, 16), { defaultLocale: 'en', maxChars: 100 }));
    assert.deepEqual(
      items.map((i) => i.problem ?? i.conversation?.id),
      ['line longer than 100 characters; skipped', 'z'],
    );
  });
});

describe('csvConversations', () => {
  it('groups contiguous rows into conversations with the default columns', async () => {
    const text =
      'conversation_id,time,role,text,topic\n' +
      'c1,2026-01-01T10:00:00Z,customer,"I was charged twice, help",billing\n' +
      'c1,2026-01-01T10:01:00Z,agent,I refunded it.,\n' +
      'c2,2026-01-02T09:00:00Z,customer,Where is my parcel?,shipping\n';
    const items = await csv(text);
    assert.deepEqual(items, [
      {
        line: 2,
        conversation: {
          id: 'c1',
          channel: 'chat',
          locale: 'en',
          topic: 'billing',
          createdAt: '2026-01-01T10:00:00Z',
          messages: [
            { role: 'customer', text: 'I was charged twice, help', at: '2026-01-01T10:00:00Z' },
            { role: 'agent', text: 'I refunded it.', at: '2026-01-01T10:01:00Z' },
          ],
        },
      },
      {
        line: 4,
        conversation: {
          id: 'c2',
          channel: 'chat',
          locale: 'en',
          topic: 'shipping',
          createdAt: '2026-01-02T09:00:00Z',
          messages: [{ role: 'customer', text: 'Where is my parcel?', at: '2026-01-02T09:00:00Z' }],
        },
      },
    ]);
  });

  it('maps columns, roles and outcomes from the config, and sorts messages by time', async () => {
    const text =
      'Ticket;When;From;Body;Status;Lang;Via;Customer\n' +
      'T-9;2026-03-01 10:05;Operator;Done, refunded.;Solved;ja;email;Taro Yamada\n' +
      'T-9;2026-03-01 10:00;Visitor;Refund please;;;;\n';
    const config = ConversationsConfigSchema.parse({
      csv: {
        delimiter: ';',
        columns: {
          conversationId: 'Ticket',
          time: 'When',
          role: 'From',
          text: 'Body',
          outcome: 'Status',
          locale: 'Lang',
          channel: 'Via',
          name: 'Customer',
        },
        roles: { visitor: 'customer', OPERATOR: 'agent' },
        outcomes: { solved: 'resolved' },
      },
    }).csv;
    const [item] = await csv(text, config);
    assert.deepEqual(item, {
      line: 2,
      conversation: {
        id: 'T-9',
        channel: 'email',
        locale: 'ja',
        outcome: 'resolved',
        createdAt: '2026-03-01 10:00',
        names: ['Taro Yamada'],
        messages: [
          { role: 'customer', text: 'Refund please', at: '2026-03-01 10:00' },
          { role: 'agent', text: 'Done, refunded.', at: '2026-03-01 10:05' },
        ],
      },
    });
  });

  it('groups interleaved rows (an export sorted by time) and reports rows that come back after maxRowGap', async () => {
    const text =
      'conversation_id,role,text\n' + // line 1
      'a,customer,one\n' + // 2
      'b,customer,two\n' + // 3
      'a,agent,three\n' + // 4
      'c,customer,four\n' + // 5
      'd,customer,five\n' + // 6
      'e,customer,six\n' + // 7
      'a,agent,late\n'; // 8: a's previous row was 4 rows before
    const items = await csv(text, { maxRowGap: 3 });
    assert.deepEqual(
      items.map((i) =>
        i.problem !== undefined
          ? `${i.line}: ${i.problem}`
          : `${i.line}: ${i.conversation.id} ${i.conversation.messages.map((m) => m.text).join('+')}`,
      ),
      [
        '3: b two',
        '2: a one+three',
        '8: conversation "a" continues more than 3 rows after its previous row (conversations.csv.maxRowGap); row skipped',
        '5: c four',
        '6: d five',
        '7: e six',
      ],
    );
  });

  it('reports bad rows with their line and reads the rest', async () => {
    const text =
      'conversation_id,role,text,outcome,channel\n' + // 1
      'a,customer,"my text, quoted",,\n' + // 2
      'a,agent,too,many,fields,here\n' + // 3
      ',customer,no id,,\n' + // 4
      'a,visitor,who?,,\n' + // 5
      'b,customer,x,closed,\n' + // 6
      'b,agent,y,,\n' + // 7
      'c,customer,z,,fax\n' + // 8
      'a,agent,"unclosed\n'; // 9
    const items = await csv(text);
    assert.deepEqual(
      items.map((i) =>
        i.problem !== undefined ? `${i.line}: ${i.severity}: ${i.problem}` : `${i.line}: ${i.conversation.id} ${i.conversation.channel}`,
      ),
      [
        '3: warning: expected 5 fields (as in the header), found 6; row skipped',
        '4: warning: empty conversation id; row skipped',
        '5: warning: unknown role "visitor" (map it to customer, agent, bot or system in conversations.csv.roles); row skipped',
        '6: warning: unknown outcome "closed" (map it to resolved, escalated or abandoned in conversations.csv.outcomes); conversation "b" skipped',
        '8: warning: unknown channel "fax" (expected chat, email, voice or in-product); using the default',
        '9: warning: unclosed quote: the record runs to the end of the file; skipped its first line',
        '2: a chat',
        '8: c chat',
      ],
    );
  });

  it('is an error naming the config field when a column is not in the header', async () => {
    assert.deepEqual(await csv('id,role,text\n1,customer,hi\n'), [
      {
        line: 1,
        problem: 'conversations.csv.columns.conversationId: no column "conversation_id" in the header (columns: "id", "role", "text")',
        severity: 'error',
      },
    ]);
    const items = await csv('conversation_id,role,text\n1,customer,hi\n', { columns: { topic: 'category' } });
    assert.equal(
      items[0]?.problem,
      'conversations.csv.columns.topic: no column "category" in the header (columns: "conversation_id", "role", "text")',
    );
  });
});

describe('makePrecedent', () => {
  it("keeps the customer's problem and the agent's key reply, redacted, and drops greetings, thanks, questions and closings", () => {
    const { precedent } = makePrecedent(REFUND, { line: 7 });
    assert.ok(precedent);
    assert.deepEqual(precedent, {
      id: 'precedent-c-1',
      articleId: 'precedent-c-1',
      anchor: '',
      title: 'I was charged twice for my order this month, can you fix it?',
      headings: [],
      text:
        'Customer: I was charged twice for my order this month, can you fix it? my email is [EMAIL] and my card was [CARD], phone [PHONE]\n\n' +
        'Agent: I refunded the second charge to your card; it shows up within five business days.',
      plain: precedent.text,
      locale: 'en',
      audience: 'internal',
      tags: ['precedent', 'billing/refund'],
      contexts: [],
      line: 7,
    });
    assert.deepEqual(precedentParts(precedent.text), {
      problem: 'I was charged twice for my order this month, can you fix it? my email is [EMAIL] and my card was [CARD], phone [PHONE]',
      resolution: ['I refunded the second charge to your card; it shows up within five business days.'],
    });
    assert.ok(isPrecedent(precedent));
  });

  it('says why a conversation makes no precedent', () => {
    const base = { id: 'x', channel: 'chat', locale: 'en' } as const;
    const say = (role: 'customer' | 'agent', text: string) => ({ role, text });
    const cases: [Conversation, string][] = [
      [{ ...REFUND, outcome: 'escalated' }, 'outcome'],
      [{ ...base, messages: [say('customer', 'I was charged twice for one order')] }, 'too-short'],
      [
        {
          ...base,
          messages: [say('customer', 'Hi'), say('customer', 'Crystal Minh'), say('agent', 'I refunded the second charge today.')],
        },
        'no-problem',
      ],
      [
        { ...base, messages: [say('customer', 'I was charged twice for one order'), say('agent', 'May I have your order number?')] },
        'no-resolution',
      ],
    ];
    for (const [conversation, reason] of cases) assert.deepEqual(makePrecedent(conversation), { skipped: reason }, reason);
    assert.ok(makePrecedent({ ...REFUND, outcome: 'escalated' }, { include: ['escalated'] }).precedent);
    assert.ok(makePrecedent({ ...REFUND, outcome: undefined }).precedent, 'no outcome is included by default');
    assert.deepEqual(makePrecedent({ ...REFUND, outcome: undefined }, { include: ['resolved'] }), { skipped: 'outcome' });
    assert.deepEqual(makePrecedent(REFUND, { minMessages: 20 }), { skipped: 'too-short' });
  });

  it('redacts the names of the conversation, names the customer gave and identifiers, and keeps allowed values', () => {
    const { precedent } = makePrecedent(
      {
        ...REFUND,
        names: ['Hanako Sato'],
        messages: [
          { role: 'customer', text: 'Hi, my name is Joseph Banter. My username josephb9 stopped working, Hanako said to write' },
          {
            role: 'agent',
            text: 'Joseph, I reset the password to 453rp2zdmkq for account 3348917502; call us at 0120-123-456 if it fails.',
          },
        ],
      },
      { allow: ['0120-123-456'] },
    );
    assert.equal(
      precedent?.text,
      'Customer: Hi, my name is [NAME]. My username [ID] stopped working, [NAME] said to write\n\n' +
        'Agent: [NAME], I reset the password to [ID] for account [ID]; call us at 0120-123-456 if it fails.',
    );
  });

  it('makes ids safe for citations', () => {
    assert.equal(precedentId('ticket #42 / a:b'), 'precedent-ticket__42_/_a_b');
  });

  it('works for Japanese conversations', () => {
    const { precedent } = makePrecedent({
      id: 'ja-1',
      channel: 'chat',
      locale: 'ja',
      messages: [
        { role: 'agent', text: 'こんにちは。お名前をお願いします。' },
        { role: 'customer', text: '山田太郎です' },
        { role: 'customer', text: '先月の請求が二重になっています。電話は090-1234-5678です。' },
        { role: 'agent', text: '山田様、確認しました。二重の請求分は返金いたしました。五営業日以内に反映されます。' },
        { role: 'agent', text: '他にご不明な点はございますか？' },
      ],
    });
    assert.equal(
      precedent?.text,
      'Customer: 先月の請求が二重になっています。電話は[PHONE]です。\n\nAgent: [NAME]様、確認しました。二重の請求分は返金いたしました。五営業日以内に反映されます。',
    );
  });
});

describe('substance heuristics', () => {
  it('counts words of substance, not greetings, names-as-replies or identifiers', () => {
    assert.equal(substance('Hi! I need to return an item.'), 3);
    assert.equal(substance('Crystal Minh'), 2);
    assert.equal(substance('cminh730@email.com 3348917502 [EMAIL]'), 0);
    assert.equal(substance('ありがとうございます'), 0);
    assert.ok(substance('パスワードを忘れました') >= 3);
  });

  it('finds names a customer gave, and not greetings', () => {
    assert.deepEqual(namesGiven('My name is Chloe Zhang.', false), ['Chloe Zhang']);
    assert.deepEqual(namesGiven('Crystal Minh, I lost my ID', true), ['Crystal Minh']);
    assert.deepEqual(namesGiven('it was in the email. Name: Joseph Banter', false), ['Joseph Banter']);
    assert.deepEqual(namesGiven("sure. it's chloe zhang", true), ['chloe zhang']);
    assert.deepEqual(namesGiven('Great!', true), []);
    assert.deepEqual(namesGiven('my name is not showing', false), []);
    assert.deepEqual(namesGiven('山田太郎と申します', false), ['山田太郎']);
  });

  it('scrubs identifiers and lowercase addresses but keeps dates, prices and words', () => {
    assert.equal(
      scrubIdentifiers(
        'user cminh730, order 3348917502, code 12-34-56, at 6496 lincoln ave jacksonville ny 17178 on 2026-11-24 for $39.99, 3 items on the way',
      ),
      'user [ID], order [ID], code [ID], at [ADDRESS] on 2026-11-24 for $39.99, 3 items on the way',
    );
  });
});

describe('PrecedentIndex', () => {
  const precedents = [
    REFUND,
    {
      ...REFUND,
      id: 'c-2',
      topic: undefined,
      messages: [
        { role: 'customer' as const, text: 'My parcel never arrived and tracking is stuck' },
        { role: 'agent' as const, text: 'I reshipped the parcel with express delivery at no cost.' },
      ],
    },
  ].map((c) => makePrecedent(c).precedent!);
  const index = PrecedentIndex.fromPrecedents(precedents);

  it('finds precedents with their problem and resolution, weighted below articles', () => {
    const raw = index.index.search('charged twice', { includeInternal: true })[0]!;
    const [hit, ...rest] = index.search('charged twice', { locale: 'en' });
    assert.equal(rest.length, 0);
    assert.ok(hit);
    assert.equal(hit.id, 'precedent-c-1');
    assert.equal(hit.conversationId, 'c-1');
    assert.equal(hit.topic, 'billing/refund');
    assert.equal(hit.score, raw.score * PRECEDENT_WEIGHT);
    assert.match(hit.problem, /^I was charged twice/);
    assert.deepEqual(hit.resolution, ['I refunded the second charge to your card; it shows up within five business days.']);
    assert.equal(index.size, 2);
    assert.equal(index.get('precedent-c-2')?.tags.length, 1);
  });

  it('is never found by a public search', () => {
    assert.deepEqual(index.index.search('charged twice'), []);
    assert.deepEqual(index.index.search('parcel', { locale: 'en', prefix: true }), []);
  });

  it('merges with article results by score, articles first on ties, at most maxPrecedents', () => {
    const article = (id: string, score: number) => ({ id, score }) as SearchResult;
    const [hit] = index.search('charged twice');
    const merged = mergeWithPrecedents([article('a', 5), article('b', hit!.score)], [hit!, hit!, hit!], { maxPrecedents: 1 });
    assert.deepEqual(
      merged.map((r) => r.id),
      hit!.score > 5 ? ['precedent-c-1', 'a', 'b'] : ['a', 'b', 'precedent-c-1'],
    );
  });

  it('loads from serialized shards like any index', () => {
    const restored = new PrecedentIndex(SearchIndex.fromSerialized(index.index.serialize()));
    assert.deepEqual(restored.search('parcel'), index.search('parcel'));
    assert.ok(restored.index.sections().every((s: StoredSection) => s.audience === 'internal'));
  });
});
