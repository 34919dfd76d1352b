import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseArticle } from '../src/index.js';
import { type ContentIssue } from '../src/errors.js';
import { ArticleSchema, KNOWN_FRONTMATTER_KEYS } from '../src/schema/article.js';
import { SectionSchema } from '../src/schema/section.js';
import { splitFrontmatter } from '../src/content/frontmatter.js';
import { splitSections } from '../src/content/sections.js';

const KNOWN_KEYS = `known keys: ${KNOWN_FRONTMATTER_KEYS.join(', ')}`;

function errors(issues: readonly ContentIssue[]): ContentIssue[] {
  return issues.filter((i) => i.severity === 'error');
}

describe('splitFrontmatter', () => {
  it('splits YAML frontmatter from the body and records key lines', () => {
    const split = splitFrontmatter('---\nid: a\ntitle: A\n---\nBody\n', 'a.md');
    assert.deepEqual(split.data, { id: 'a', title: 'A' });
    assert.deepEqual(
      [...split.keyLines],
      [
        ['id', 2],
        ['title', 3],
      ],
    );
    assert.equal(split.body, 'Body\n');
    assert.equal(split.bodyLine, 5);
    assert.deepEqual(split.issues, []);
  });

  it('ignores a byte-order mark and accepts CRLF line ends', () => {
    const split = splitFrontmatter('\uFEFF---\r\nid: a\r\ntitle: A\r\n---\r\nBody', 'a.md');
    assert.deepEqual(split.data, { id: 'a', title: 'A' });
    assert.equal(split.body, 'Body');
    assert.equal(split.bodyLine, 5);
  });

  it('accepts "..." as the closing line', () => {
    const split = splitFrontmatter('---\nid: a\n...\nBody', 'a.md');
    assert.deepEqual(split.data, { id: 'a' });
    assert.equal(split.body, 'Body');
  });

  it('reports a file without frontmatter', () => {
    assert.deepEqual(splitFrontmatter('# Just markdown', 'a.md').issues, [
      { file: 'a.md', line: 1, severity: 'error', message: 'missing YAML frontmatter (the file must start with a "---" line)' },
    ]);
  });

  it('reports a frontmatter that is never closed', () => {
    assert.deepEqual(splitFrontmatter('---\nid: a\ntitle: A\n', 'a.md').issues, [
      { file: 'a.md', line: 1, severity: 'error', message: 'frontmatter is not closed (no "---" line after the opening one)' },
    ]);
  });

  it('never throws, whatever follows the opening line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (rest) => {
        const split = splitFrontmatter(`---\n${rest}`, 'a.md');
        assert.equal(typeof split.data, 'object');
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseArticle', () => {
  const valid = [
    '---',
    'id: reset-password',
    'title: Reset your password',
    'locale: en-US',
    'audience: public',
    'tags: [account, login]',
    'contexts: [/login, ERR_AUTH_EXPIRED]',
    'owner: support@acme.test',
    'reviewBy: 2026-12-31',
    'updated: 2026-01-02',
    'version: 3',
    '---',
    'Open the sign-in page.',
    '',
  ].join('\n');

  it('parses a valid article', () => {
    const { article, sections, issues } = parseArticle(valid, 'account/reset.md');
    assert.deepEqual(issues, []);
    assert.deepEqual(article, {
      id: 'reset-password',
      title: 'Reset your password',
      locale: 'en-US',
      audience: 'public',
      tags: ['account', 'login'],
      contexts: ['/login', 'ERR_AUTH_EXPIRED'],
      owner: 'support@acme.test',
      reviewBy: '2026-12-31',
      updated: '2026-01-02',
      version: '3',
      meta: {},
      source: 'account/reset.md',
      body: 'Open the sign-in page.\n',
    });
    assert.ok(ArticleSchema.safeParse(article).success);
    assert.deepEqual(sections, [
      {
        id: 'reset-password',
        articleId: 'reset-password',
        anchor: '',
        title: 'Reset your password',
        headings: [],
        text: 'Open the sign-in page.',
        locale: 'en-US',
        audience: 'public',
        tags: ['account', 'login'],
        contexts: ['/login', 'ERR_AUTH_EXPIRED'],
        line: 13,
      },
    ]);
    for (const section of sections) assert.ok(SectionSchema.safeParse(section).success);
  });

  it('fills defaults: locale from the option, public audience, no tags or contexts', () => {
    const { article } = parseArticle('---\nid: a\ntitle: A\n---\nText', 'a.md', { defaultLocale: 'ja' });
    assert.equal(article?.locale, 'ja');
    assert.equal(article?.audience, 'public');
    assert.deepEqual(article?.tags, []);
    assert.deepEqual(article?.contexts, []);
    assert.equal(parseArticle('---\nid: a\ntitle: A\n---\nText', 'a.md').article?.locale, 'en');
  });

  it('turns numeric ids, titles, versions and tags into strings', () => {
    const { article } = parseArticle('---\nid: 42\ntitle: 7\nversion: 1.5\ntags: [2024, x]\n---\nText', 'a.md');
    assert.equal(article?.id, '42');
    assert.equal(article?.title, '7');
    assert.equal(article?.version, '1.5');
    assert.deepEqual(article?.tags, ['2024', 'x']);
  });

  it('reports a YAML syntax error with the file and the line it is on', () => {
    const source = '---\nid: a\ntitle: A\nsummary: one: two\n---\nText';
    assert.deepEqual(parseArticle(source, 'docs/a.md'), {
      article: undefined,
      sections: [],
      issues: [
        {
          file: 'docs/a.md',
          line: 4,
          severity: 'error',
          message: 'invalid YAML frontmatter: Nested mappings are not allowed in compact mappings',
        },
      ],
    });
  });

  it('reports a duplicate key on the line of the second one', () => {
    const { issues } = parseArticle('---\nid: a\ntitle: A\nid: b\n---\nText', 'a.md');
    assert.deepEqual(issues, [{ file: 'a.md', line: 4, severity: 'error', message: 'invalid YAML frontmatter: Map keys must be unique' }]);
  });

  it('reports a frontmatter that is not a mapping', () => {
    for (const yaml of ['- id\n- title', 'just a sentence', '42']) {
      const { article, issues } = parseArticle(`---\n${yaml}\n---\nText`, 'a.md');
      assert.equal(article, undefined);
      assert.deepEqual(issues, [
        { file: 'a.md', line: 2, severity: 'error', message: 'frontmatter must be a YAML mapping of keys to values' },
      ]);
    }
  });

  it('reports a missing id and a missing title', () => {
    assert.deepEqual(parseArticle('---\nowner: me\n---\nText', 'a.md').issues, [
      { file: 'a.md', line: 1, severity: 'error', message: 'frontmatter "id" is required' },
      { file: 'a.md', line: 1, severity: 'error', message: 'frontmatter "title" is required' },
    ]);
    assert.deepEqual(parseArticle('---\nid: a\n---\nText', 'a.md').issues, [
      { file: 'a.md', line: 1, severity: 'error', message: 'frontmatter "title" is required' },
    ]);
    assert.deepEqual(parseArticle('---\n---\nText', 'a.md').issues, [
      { file: 'a.md', line: 1, severity: 'error', message: 'frontmatter "id" is required' },
      { file: 'a.md', line: 1, severity: 'error', message: 'frontmatter "title" is required' },
    ]);
  });

  it('reports invalid field values on their lines, quoting the value', () => {
    const { article, issues } = parseArticle('---\nid: -bad id\ntitle: "  "\naudience: everyone\n---\nText', 'a.md');
    assert.equal(article, undefined);
    assert.deepEqual(issues, [
      {
        file: 'a.md',
        line: 2,
        severity: 'error',
        message: 'frontmatter "id" must start with a letter or digit and contain only letters, digits, ".", "_", "-", "/" (got "-bad id")',
      },
      { file: 'a.md', line: 3, severity: 'error', message: 'frontmatter "title" must not be empty (got "  ")' },
      {
        file: 'a.md',
        line: 4,
        severity: 'error',
        message: 'frontmatter "audience" Invalid option: expected one of "public"|"internal" (got "everyone")',
      },
    ]);
  });

  it('warns about an unknown key on its line and keeps its value in meta', () => {
    const { article, issues } = parseArticle('---\nid: a\ntitel: Typo\ntitle: A\nextra:\n  nested: [1, 2]\n---\nText', 'a.md');
    assert.deepEqual(article?.meta, { titel: 'Typo', extra: { nested: [1, 2] } });
    assert.deepEqual(issues, [
      { file: 'a.md', line: 3, severity: 'warning', message: `unknown frontmatter key "titel" (${KNOWN_KEYS})` },
      { file: 'a.md', line: 5, severity: 'warning', message: `unknown frontmatter key "extra" (${KNOWN_KEYS})` },
    ]);
  });

  it('keeps a "__proto__" key as plain metadata', () => {
    const { article, issues } = parseArticle('---\nid: a\ntitle: A\n__proto__: {audience: internal, polluted: yes}\n---\nText', 'a.md');
    assert.ok(article);
    assert.equal(Object.getPrototypeOf(article.meta), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(article.meta, '__proto__')?.value, { audience: 'internal', polluted: 'yes' });
    assert.equal(article.audience, 'public');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.deepEqual(issues, [
      { file: 'a.md', line: 4, severity: 'warning', message: `unknown frontmatter key "__proto__" (${KNOWN_KEYS})` },
    ]);
  });

  it('keeps dates as strings', () => {
    const { article } = parseArticle(
      '---\nid: a\ntitle: A\nupdated: 2024-01-02\nreviewBy: 2025-06-01T10:00:00Z\npublished: 2023-03-04\n---\nText',
      'a.md',
    );
    assert.equal(article?.updated, '2024-01-02');
    assert.equal(article?.reviewBy, '2025-06-01T10:00:00Z');
    assert.deepEqual(article?.meta, { published: '2023-03-04' });
  });

  it('refuses a tag that would construct a function, without running it', () => {
    const g = globalThis as { kotaePwned?: boolean };
    const source = '---\nid: a\ntitle: A\nhook: !!js/function "function () { globalThis.kotaePwned = true }"\n---\nText';
    const { article, issues } = parseArticle(source, 'a.md');
    assert.equal(article, undefined);
    assert.deepEqual(issues, [
      { file: 'a.md', line: 4, severity: 'error', message: 'invalid YAML frontmatter: Unresolved tag: tag:yaml.org,2002:js/function' },
    ]);
    assert.equal(g.kotaePwned, undefined);
  });

  it('refuses custom tags', () => {
    const { article, issues } = parseArticle('---\nid: a\ntitle: A\nx: !include secrets.yml\n---\nText', 'a.md');
    assert.equal(article, undefined);
    assert.deepEqual(issues, [{ file: 'a.md', line: 4, severity: 'error', message: 'invalid YAML frontmatter: Unresolved tag: !include' }]);
  });

  it('refuses YAML 1.1 tags that construct objects (binary, set, omap, timestamp)', () => {
    for (const [value, tag] of [
      ['!!binary aGVsbG8=', 'binary'],
      ['!!set {a}', 'set'],
      ['!!omap [a: 1]', 'omap'],
      ['!!timestamp 2024-01-02', 'timestamp'],
    ] as const) {
      const { article, issues } = parseArticle(`---\nid: a\ntitle: A\nx: ${value}\n---\nText`, 'a.md');
      assert.equal(article, undefined, value);
      assert.deepEqual(issues, [
        { file: 'a.md', line: 4, severity: 'error', message: `invalid YAML frontmatter: Unresolved tag: tag:yaml.org,2002:${tag}` },
      ]);
    }
  });

  it('reports an alias bomb instead of expanding it or throwing', () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const { article, issues } = parseArticle(`---\nid: a\ntitle: A\n${lines.join('\n')}\n---\nText`, 'a.md');
    assert.equal(article, undefined);
    assert.deepEqual(issues, [
      {
        file: 'a.md',
        line: 2,
        severity: 'error',
        message: 'invalid YAML frontmatter: Excessive alias count indicates a resource exhaustion attack',
      },
    ]);
  });

  it('reports an alias to an undefined anchor instead of throwing', () => {
    const { article, issues } = parseArticle('---\nid: a\ntitle: A\nx: *nowhere\n---\nText', 'a.md');
    assert.equal(article, undefined);
    assert.deepEqual(issues, [
      {
        file: 'a.md',
        line: 2,
        severity: 'error',
        message: 'invalid YAML frontmatter: Unresolved alias (the anchor must be set before the alias): nowhere',
      },
    ]);
  });

  it('splits sections at headings with unique anchors and file line numbers', () => {
    const source = [
      '---', //  1
      'id: setup', //  2
      'title: Setting up', //  3
      '---', //  4
      '# Setting up', //  5
      '', //  6
      'Lead text.', //  7
      '', //  8
      '## Install', //  9
      '', // 10
      'Run the installer.', // 11
      '', // 12
      '```sh', // 13
      '# not a heading', // 14
      '## nor this', // 15
      '```', // 16
      '', // 17
      '### On *macOS*', // 18
      'Use brew.', // 19
      '', // 20
      '## Install', // 21
      '', // 22
      'Again, for the second machine.', // 23
      '', // 24
      'Configure', // 25
      '---------', // 26
      '', // 27
      'Setext heading text.', // 28
    ].join('\n');
    const { sections, issues } = parseArticle(source, 'setup.md');
    assert.deepEqual(issues, []);
    assert.deepEqual(
      sections.map((s) => ({ id: s.id, anchor: s.anchor, headings: s.headings, line: s.line, text: s.text })),
      [
        { id: 'setup', anchor: '', headings: ['Setting up'], line: 5, text: 'Lead text.' },
        {
          id: 'setup#install',
          anchor: 'install',
          headings: ['Setting up', 'Install'],
          line: 9,
          text: 'Run the installer.\n\n```sh\n# not a heading\n## nor this\n```',
        },
        { id: 'setup#on-macos', anchor: 'on-macos', headings: ['Setting up', 'Install', 'On macOS'], line: 18, text: 'Use brew.' },
        {
          id: 'setup#install-1',
          anchor: 'install-1',
          headings: ['Setting up', 'Install'],
          line: 21,
          text: 'Again, for the second machine.',
        },
        { id: 'setup#configure', anchor: 'configure', headings: ['Setting up', 'Configure'], line: 25, text: 'Setext heading text.' },
      ],
    );
  });

  it('gives the same anchors every time it parses the same file', () => {
    const source = '---\nid: a\ntitle: A\n---\n## FAQ\n\nx\n\n## FAQ\n\ny\n\n## FAQ\n\nz\n\n## ???\n\nw\n';
    const first = parseArticle(source, 'a.md').sections.map((s) => s.anchor);
    assert.deepEqual(first, ['faq', 'faq-1', 'faq-2', 'section']);
    assert.deepEqual(
      parseArticle(source, 'a.md').sections.map((s) => s.anchor),
      first,
    );
  });

  it('treats a # heading after text as a section of its own', () => {
    const { sections } = parseArticle('---\nid: a\ntitle: A\n---\nIntro first.\n\n# Big\n\nUnder big.\n', 'a.md');
    assert.deepEqual(
      sections.map((s) => [s.anchor, s.headings, s.text, s.line]),
      [
        ['', [], 'Intro first.', 5],
        ['big', ['Big'], 'Under big.', 7],
      ],
    );
  });

  it('warns about an empty section, but not about a heading that only has subsections', () => {
    const source = '---\nid: a\ntitle: A\n---\n## Parent\n\n### Child\n\nText.\n\n## Empty\n\n## Last\n\nMore.\n';
    const { sections, issues } = parseArticle(source, 'a.md');
    assert.deepEqual(
      sections.map((s) => s.anchor),
      ['child', 'last'],
    );
    assert.deepEqual(issues, [{ file: 'a.md', line: 11, severity: 'warning', message: 'empty section "Empty"' }]);
  });

  it('warns about an article without text', () => {
    const { article, sections, issues } = parseArticle('---\nid: a\ntitle: A\n---\n', 'a.md');
    assert.equal(article?.id, 'a');
    assert.deepEqual(sections, []);
    assert.deepEqual(issues, [{ file: 'a.md', line: 5, severity: 'warning', message: 'article "a" has no text' }]);
  });

  it('copies article metadata onto every section', () => {
    const { sections } = parseArticle(
      '---\nid: a\ntitle: A\nlocale: ja\naudience: internal\ntags: [t]\ncontexts: [/x]\n---\n## One\n\n1\n\n## Two\n\n2\n',
      'a.md',
    );
    assert.equal(sections.length, 2);
    for (const s of sections) {
      assert.deepEqual([s.articleId, s.title, s.locale, s.audience, s.tags, s.contexts], ['a', 'A', 'ja', 'internal', ['t'], ['/x']]);
    }
  });

  it('round-trips any frontmatter of safe strings through YAML and never throws', () => {
    const known = new Set<string>(KNOWN_FRONTMATTER_KEYS);
    const safe = fc.string({ unit: 'grapheme', maxLength: 40 });
    const frontmatter = fc.record({
      id: fc.stringMatching(/^[a-z0-9][a-z0-9._\-/]{0,30}$/),
      title: safe.filter((t) => t.trim() !== ''),
      tags: fc.array(safe, { maxLength: 5 }),
      extra: fc.dictionary(
        fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/).filter((k) => !known.has(k) && k !== '__proto__'),
        fc.oneof(safe, fc.integer(), fc.boolean(), fc.array(safe, { maxLength: 3 })),
        { maxKeys: 4 },
      ),
      body: fc.string({ unit: 'grapheme', maxLength: 200 }),
    });
    fc.assert(
      fc.property(frontmatter, ({ id, title, tags, extra, body }) => {
        const yaml = stringify({ id, title, tags, ...extra });
        const { article, issues } = parseArticle(`---\n${yaml}---\n${body}`, 'p.md');
        assert.deepEqual(errors(issues), [], yaml);
        assert.ok(article, yaml);
        assert.equal(article.id, id);
        assert.equal(article.title, title.trim());
        assert.deepEqual(article.tags, tags);
        assert.deepEqual(article.meta, { ...extra });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (front, body) => {
        const result = parseArticle(`---\n${front}\n---\n${body}`, 'p.md');
        assert.ok(Array.isArray(result.issues));
        if (result.article === undefined) assert.ok(errors(result.issues).length > 0);
      }),
      { numRuns: 300 },
    );
  });
});

describe('splitSections', () => {
  it('numbers lines from the given first line', () => {
    const sections = splitSections('Intro\n\n## A\n\ntext', 10);
    assert.deepEqual(
      sections.map((s) => [s.anchor, s.line, s.depth]),
      [
        ['', 10, 0],
        ['a', 12, 2],
      ],
    );
  });

  it('does not split at headings inside fenced or indented code', () => {
    const sections = splitSections('Intro\n\n~~~\n## fenced\n~~~\n\n    ## indented\n\nEnd');
    assert.equal(sections.length, 1);
    assert.match(sections[0]!.markdown, /## fenced/);
    assert.match(sections[0]!.markdown, /## indented/);
  });

  it('strips emphasis and links from heading text', () => {
    const [, section] = splitSections('x\n\n## Use the [form](https://x.test) **now**\n\ny');
    assert.deepEqual(section?.headings, ['Use the form now']);
    assert.equal(section?.anchor, 'use-the-form-now');
  });

  it('gives every section of an article a distinct anchor', () => {
    const heading = fc.constantFrom('Setup', 'setup', 'Setup 1', 'setup-1', '???', 'FAQ', 'パスワード', '');
    fc.assert(
      fc.property(fc.array(heading, { maxLength: 12 }), (headings) => {
        const markdown = headings.map((h, i) => `## ${h}\n\ntext ${i}\n`).join('\n');
        const anchors = splitSections(`Intro\n\n${markdown}`).map((s) => s.anchor);
        assert.equal(new Set(anchors).size, anchors.length, JSON.stringify(anchors));
      }),
    );
  });
});
