/**
 * End-to-end tests of conversation ingest through the `kotae` binary (build it first): the ABCD
 * chats (real role-played support conversations with names, emails, phone numbers, order ids and
 * addresses) compile into a public bundle and an internal bundle of precedents in which no email,
 * phone or card number survives.
 */
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { readPrecedentsDir } from '@kotae/knowledge/node';
import { kotae } from './support/kotae-bin.js';

/** True when `digits` passes the Luhn check (payment card numbers). */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return /^\d+$/.test(digits) && sum % 10 === 0;
}

const ABCD = fileURLToPath(new URL('./fixtures/abcd/', import.meta.url));

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kotae-e2e-conv-'));
  temps.push(dir);
  return dir;
}
after(() => Promise.all(temps.map((d) => rm(d, { recursive: true, force: true }))));

/**
 * More personal data than ABCD has (it has no card numbers): cards in several groupings, Japanese
 * and international phones, in chats that do make precedents.
 */
const EXTRA = [
  {
    id: 'extra-1',
    messages: [
      { role: 'customer', text: 'My card 4111 1111 1111 1111 was charged twice for one order, please refund' },
      {
        role: 'agent',
        text: 'I refunded the second charge to card 4111-1111-1111-1111; call 090-1234-5678 if it is not there in five days.',
      },
    ],
  },
  {
    id: 'extra-2',
    messages: [
      {
        role: 'customer',
        text: 'Amex 378282246310005 was declined at checkout twice today, reach me on +81 3-1234-5678 or hanako.sato@example.co.jp',
      },
      {
        role: 'agent',
        text: 'The checkout declined 378282246310005 because of the billing zip; I fixed the zip and it now goes through, mail sent to hanako.sato@example.co.jp.',
      },
    ],
  },
  {
    id: 'extra-3',
    messages: [
      {
        role: 'customer',
        text: 'I cannot log in to my account since yesterday, my number is (415) 555-0132 and 5555555555554444 is my card',
      },
      { role: 'agent', text: 'I reset the login for you; the old session on 5555 5555 5555 4444 purchases is closed, sign in again now.' },
    ],
  },
];

/** The ABCD fixture plus the extra chats, as a content dir with a config. */
async function abcdContent(extra: string = EXTRA.map((c) => JSON.stringify(c)).join('\n')): Promise<string> {
  const dir = join(await tempDir(), 'abcd');
  await mkdir(dir);
  await cp(join(ABCD, 'articles'), join(dir, 'articles'), { recursive: true });
  await cp(join(ABCD, 'conversations'), join(dir, 'conversations'), { recursive: true });
  await writeFile(join(dir, 'conversations', 'extra.jsonl'), extra);
  await writeFile(join(dir, 'kotae.config.json'), JSON.stringify({ id: 'abcd', defaultLocale: 'en' }));
  return dir;
}

/** Every string in every JSON file of a bundle directory (keys and values), so numbers in the index are not mistaken for text, and the text of its other files. */
async function bundleStrings(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push(k);
        walk(v);
      }
    }
  };
  // The JSON files are walked; the text files AI agents read (llms.txt, articles/…) count line by line.
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
    if (entry.name.endsWith('.json')) walk(JSON.parse(text));
    else out.push(...text.split('\n'));
  }
  return out;
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}/g;
/**
 * Digits with the separators phones and cards are written with, not inside a longer token (the
 * manifest's SHA-256s are hex: ten digits in a row happen in them by chance).
 */
const DIGIT_RUN = /(?<![0-9A-Za-z])\+?\d[\d \t().-]*\d(?![0-9A-Za-z])/g;

/** Emails, phone-like runs (10+ digits) and card-like runs (13-19 digits, or Luhn-valid 12+) in `text`. */
function personalData(text: string): string[] {
  const found = [...text.matchAll(EMAIL)].map((m) => m[0]);
  for (const m of text.matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length >= 10 || (digits.length >= 12 && luhnValid(digits))) found.push(m[0]);
  }
  return found;
}

describe('kotae compile with conversations', { concurrency: true }, () => {
  it('compiles the ABCD chats into precedents in which no email, phone or card survives', async () => {
    const content = await abcdContent();
    const root = await tempDir();
    const out = join(root, 'kb');
    const internal = join(root, 'precedents');
    const run = await kotae(['compile', content, '--out', out, '--internal-out', internal, '--json']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as {
      conversations: { files: number; read: number; precedents: number; badLines: number; internalOut: string };
    };
    assert.equal(result.conversations.files, 2);
    assert.equal(result.conversations.read, 53);
    assert.equal(result.conversations.badLines, 0);
    assert.equal(result.conversations.internalOut, internal);
    assert.ok(result.conversations.precedents >= 40, `only ${result.conversations.precedents} precedents`);

    // The source really is full of personal data: emails, phone numbers and 10-digit order ids.
    const source = await readFile(join(ABCD, 'conversations', 'abcd-sample.jsonl'), 'utf8');
    const sourceEmails = [...new Set([...source.matchAll(EMAIL)].map((m) => m[0]))];
    const sourcePhones = [...new Set(personalData(source).filter((v) => !v.includes('@')))];
    assert.ok(sourceEmails.length >= 10 && sourcePhones.length >= 10, `${sourceEmails.length} emails, ${sourcePhones.length} phones`);

    const precedents = await readPrecedentsDir(internal);
    assert.equal(precedents.size, result.conversations.precedents);
    for (const dir of [out, internal]) {
      const strings = await bundleStrings(dir);
      const text = strings.join('\n');
      assert.deepEqual(personalData(text), [], dir);
      for (const email of sourceEmails) assert.ok(!text.includes(email), email);
      const digitsOnly = strings.map((s) => s.replace(/\D/g, '')).join('\n');
      for (const phone of sourcePhones) assert.ok(!digitsOnly.includes(phone.replace(/\D/g, '')), phone);
      for (const extra of ['4111111111111111', '378282246310005', '5555555555554444', '09012345678', '0312345678', '4155550132']) {
        assert.ok(!digitsOnly.includes(extra), extra);
      }
    }
    // The extra chats made precedents, with placeholders where the values were.
    const extra = precedents.get('precedent-extra-1');
    assert.match(extra?.text ?? '', /\[CARD\]/);
    assert.match(precedents.get('precedent-extra-2')?.text ?? '', /\[EMAIL\]/);
  });

  it('redacts the names the ABCD customers gave (a best effort, checked on this sample)', async () => {
    const content = await abcdContent('');
    const internal = join(await tempDir(), 'precedents');
    const run = await kotae(['compile', content, '--out', join(await tempDir(), 'kb'), '--internal-out', internal]);
    assert.equal(run.code, 0, run.stderr);
    const source = await readFile(join(ABCD, 'conversations', 'abcd-sample.jsonl'), 'utf8');
    // The system messages name each customer ("Account has been pulled up for Crystal Minh.").
    const names = [...new Set([...source.matchAll(/pulled up for ([A-Z][a-z]+ [A-Z][a-z]+)/g)].map((m) => m[1]!))];
    assert.ok(names.length >= 5);
    const text = (await bundleStrings(internal)).join('\n').toLowerCase();
    for (const name of names) assert.ok(!text.includes(name.toLowerCase()), name);
  });

  it('prints what the conversations made', async () => {
    const content = await abcdContent();
    const internal = join(await tempDir(), 'precedents');
    const run = await kotae(['compile', content, '-o', join(await tempDir(), 'kb'), '--internal-out', internal]);
    assert.equal(run.code, 0);
    const lines = run.stdout.split('\n');
    assert.match(
      lines[6]!,
      new RegExp(
        `^Read 53 conversations \\(2 files, \\d+\\.\\d kB\\): \\d+ precedents into ${internal.replaceAll('/', '\\/')} \\(\\d+\\.\\d kB\\)$`,
      ),
    );
    assert.match(lines[7]!, /^ {2}skipped {3}\d+ \((?:[a-z-]+ \d+(?:, )?)+\)$/);
    assert.equal(lines[8], '  bad lines 0');
  });

  it('reports bad lines with file and line, compiles the rest, and fails on them with --strict', async () => {
    const lines = EXTRA.map((c) => JSON.stringify(c));
    lines.splice(1, 0, '{"id": "cut off", "messages": [{"role": "customer", "text": "my email is a@b.co');
    lines.splice(3, 0, JSON.stringify({ id: 'x', messages: [{ role: 'visitor', text: 'hi' }] }));
    const content = await abcdContent(lines.join('\n'));
    const out = join(await tempDir(), 'kb');
    const internal = join(await tempDir(), 'precedents');
    const lenient = await kotae(['compile', content, '--out', out, '--internal-out', internal, '--json']);
    assert.equal(lenient.code, 0);
    const problems = lenient.stderr.split('\n').filter((l) => l.startsWith('conversations/'));
    assert.deepEqual(problems, [
      'conversations/extra.jsonl:2: warning: invalid JSON at column 80',
      'conversations/extra.jsonl:4: warning: "messages.0.role" Invalid option: expected one of "customer"|"agent"|"bot"|"system" (conversation "x")',
    ]);
    assert.ok(!lenient.stderr.includes('a@b.co'), 'a bad line is never quoted');
    const result = JSON.parse(lenient.stdout) as { conversations: { read: number; badLines: number } };
    assert.deepEqual([result.conversations.read, result.conversations.badLines], [53, 2]);

    const strictOut = join(await tempDir(), 'kb');
    const strict = await kotae(['compile', content, '--out', strictOut, '--internal-out', join(await tempDir(), 'p'), '--strict']);
    assert.equal(strict.code, 3);
    assert.equal(strict.stdout, '');
    for (const problem of problems) assert.ok(strict.stderr.includes(`${problem}\n`), problem);
    await assert.rejects(stat(strictOut), { code: 'ENOENT' });
  });

  it('exits 3 (config) when --internal-out is inside --out', async () => {
    const content = await abcdContent();
    const out = join(await tempDir(), 'kb');
    const run = await kotae(['compile', content, '--out', out, '--internal-out', join(out, 'internal')]);
    assert.deepEqual(run, {
      code: 3,
      stdout: '',
      stderr: `${join(out, 'internal')}: the internal bundle must not be inside the public bundle directory ${out} (precedents would be published with it)\n`,
    });
  });

  it('keeps precedents out of kotae search on the public bundle', async () => {
    const content = await abcdContent();
    const out = join(await tempDir(), 'kb');
    assert.equal((await kotae(['compile', content, '--out', out, '--internal-out', join(await tempDir(), 'p')])).code, 0);
    const run = await kotae(['search', out, 'charged twice refund card', '--limit', '50', '--json']);
    const { results } = JSON.parse(run.stdout) as { results: { id: string }[] };
    assert.ok(results.length > 0);
    assert.ok(
      results.every((r) => r.id.startsWith('abcd-')),
      results.map((r) => r.id).join(' '),
    );
  });
});
