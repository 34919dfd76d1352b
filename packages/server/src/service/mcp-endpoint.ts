import type { Context } from 'hono';
import { z } from 'zod';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { LoadedBundle, SearchIndex, StoredSection } from '@kotae/knowledge';
import { articleMarkdown, articlePath, collectAnswer, languageOf } from '@kotae/knowledge';
import { REQUEST_LIMITS } from '@kotae/knowledge/answer';

/** Options of the MCP endpoint (`AnswerServiceOptions.mcp`). */
export interface McpOptions {
  /**
   * What the endpoint tells a client it is for (the MCP `instructions`), such as "Acme's help
   * center: accounts, billing, projects". @default a sentence naming the bundle
   */
  readonly instructions?: string | undefined;
  /** Most results the `search` tool returns, whatever a client asks for. @default 20 */
  readonly maxResults?: number | undefined;
}

/** What the endpoint needs of the answer service. */
export interface McpEndpointDeps {
  /** The bundle now served (taken once per request). */
  readonly bundle: () => LoadedBundle;
  /**
   * Asks a question through the service's own `POST /v1/answer` route (its limits, its answer
   * producer, its store), on behalf of the MCP request `c`: returns that route's response.
   */
  readonly ask: (c: Context, body: { query: string; locale?: string | undefined; history?: HistoryTurns | undefined }) => Promise<Response>;
  /** Told of unexpected failures (the client gets a generic tool error). */
  readonly onError: (error: unknown) => void;
  readonly options: McpOptions;
}

type HistoryTurns = { role: 'user' | 'assistant'; text: string }[];

const LocaleSchema = z.string().min(2).max(35).describe('A locale such as "en" or "ja"; the articles of that language');

const SEARCH_INPUT = {
  query: z.string().min(1).max(REQUEST_LIMITS.queryChars).describe('What to look for, in the words a user would use'),
  locale: LocaleSchema.optional(),
  limit: z.number().int().min(1).max(50).optional().describe('How many results (default 5)'),
};

const SEARCH_OUTPUT = {
  results: z.array(
    z.object({
      id: z.string().describe('The section: `articleId#anchor` (the lead section is the article id)'),
      articleId: z.string(),
      title: z.string(),
      headings: z.array(z.string()),
      locale: z.string(),
      snippet: z.string(),
      score: z.number(),
      path: z.string().describe("The article's markdown, relative to the bundle directory (as llms.txt links it)"),
    }),
  ),
};

const ARTICLE_INPUT = {
  id: z.string().min(1).max(300).describe('An article id, or a section id (`articleId#anchor`) as `search` returns'),
  locale: LocaleSchema.optional(),
};

const ARTICLE_OUTPUT = {
  id: z.string(),
  title: z.string(),
  locale: z.string(),
  tags: z.array(z.string()),
  markdown: z.string(),
  sections: z.array(z.object({ id: z.string(), anchor: z.string(), headings: z.array(z.string()) })),
  path: z.string(),
};

const ANSWER_INPUT = {
  question: z.string().min(1).max(REQUEST_LIMITS.queryChars).describe("The user's question, in their words"),
  locale: LocaleSchema.optional().describe("The user's locale: a preference; the question's own language is answered in"),
  history: z
    .array(z.object({ role: z.enum(['user', 'assistant']), text: z.string().max(REQUEST_LIMITS.historyTurnChars) }))
    .max(REQUEST_LIMITS.historyTurns)
    .optional()
    .describe('Earlier turns, oldest first, so a follow-up ("what about refunds?") is understood'),
};

const ANSWER_OUTPUT = {
  answer: z.string().describe('The answer; `[n]` marks cite the sources'),
  mode: z.string().describe('`extractive`, `openai`, `fallback`, `refusal` ("I don\'t know") or `act`'),
  grounded: z.boolean().describe('Whether the answer cites at least one source'),
  interactionId: z.string(),
  sources: z.array(z.object({ n: z.number(), id: z.string(), articleId: z.string(), title: z.string(), locale: z.string() })),
};

type Sdk = [
  typeof import('@modelcontextprotocol/sdk/server/mcp.js'),
  typeof import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
];
let sdk: Promise<Sdk> | undefined;

/**
 * The MCP endpoint (Streamable HTTP, stateless: a server and a transport per request, so any
 * instance behind a load balancer answers any request) with three tools over the bundle the
 * service answers from, public articles only:
 *
 * - `search` `{query, locale?, limit?}`: the sections that match, best first, with snippets;
 * - `get_article` `{id, locale?}`: one article as markdown (the text of `articles/<locale>/<id>.md`);
 * - `answer` `{question, locale?, history?}`: a cited answer through the service's own
 *   `POST /v1/answer` (the same producer, refusal, rate limit, quota and store).
 *
 * Bad arguments and failures are MCP tool errors (`isError: true`) whose text says what went
 * wrong. The SDK is loaded on the first MCP request, so a service that is never asked over MCP
 * never loads it.
 */
export function mcpEndpoint(deps: McpEndpointDeps): (c: Context) => Promise<Response> {
  const articles = articleLookup();
  const maxResults = deps.options.maxResults ?? 20;
  return async (c) => {
    sdk ??= Promise.all([
      import('@modelcontextprotocol/sdk/server/mcp.js'),
      import('@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'),
    ]);
    const [{ McpServer }, { WebStandardStreamableHTTPServerTransport }] = await sdk;
    const bundle = deps.bundle();
    const { manifest } = bundle;
    const server = new McpServer(
      { name: 'kotae', title: `kotae: ${manifest.id}`, version: manifest.version },
      {
        instructions:
          deps.options.instructions ??
          `The help articles of ${manifest.id} (${manifest.locales.join(', ')}). Use search to find sections, get_article to read one, and answer for a cited answer (it says when the articles do not answer).`,
      },
    );
    const guarded =
      <A>(tool: (args: A, signal: AbortSignal) => Promise<CallToolResult>) =>
      async (args: A, extra: { signal: AbortSignal }): Promise<CallToolResult> => {
        try {
          return await tool(args, extra.signal);
        } catch (error) {
          deps.onError(error);
          return toolError('the tool failed; the error is logged');
        }
      };

    server.registerTool(
      'search',
      {
        title: 'Search the help articles',
        description:
          'Finds the sections of the public help articles that match a query, best first, each with a snippet and its article id.',
        inputSchema: SEARCH_INPUT,
        outputSchema: SEARCH_OUTPUT,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      guarded(async ({ query, locale, limit }) => {
        const text = query.normalize('NFKC').trim();
        if (!text) return toolError('query: the query is empty');
        const results = bundle.index.search(text, { locale, limit: Math.min(limit ?? 5, maxResults) }).map((r) => ({
          id: r.id,
          articleId: r.articleId,
          title: r.title,
          headings: [...r.headings],
          locale: r.locale,
          snippet: r.snippet,
          score: Math.round(r.score * 1000) / 1000,
          path: articlePath(r.locale, r.articleId),
        }));
        const lines = results.map(
          (r, i) =>
            `${i + 1}. ${[r.title, ...r.headings.slice(r.headings[0] === r.title ? 1 : 0)].join(' › ')} (id: ${r.id})\n   ${r.snippet}`,
        );
        return {
          content: [{ type: 'text', text: results.length > 0 ? lines.join('\n') : `No article matches "${text}".` }],
          structuredContent: { results },
        };
      }),
    );

    server.registerTool(
      'get_article',
      {
        title: 'Read a help article',
        description: 'Returns one public help article as markdown, by its id (or the id of one of its sections, as search returns).',
        inputSchema: ARTICLE_INPUT,
        outputSchema: ARTICLE_OUTPUT,
        annotations: { readOnlyHint: true, openWorldHint: false },
      },
      guarded(async ({ id, locale }) => {
        const articleId = id.includes('#') ? id.slice(0, id.indexOf('#')) : id;
        const sections = articles(bundle.index).get(articleId);
        const first = sections?.[0];
        if (!sections || !first || (locale !== undefined && languageOf(locale) !== languageOf(first.locale)))
          return toolError(`id: no public article "${articleId}"${locale === undefined ? '' : ` in locale "${locale}"`}`);
        const markdown = articleMarkdown(first.title, sections);
        return {
          content: [{ type: 'text', text: markdown }],
          structuredContent: {
            id: articleId,
            title: first.title,
            locale: first.locale,
            tags: [...first.tags],
            markdown,
            sections: sections.map((s) => ({ id: s.id, anchor: s.anchor, headings: [...s.headings] })),
            path: articlePath(first.locale, articleId),
          },
        };
      }),
    );

    server.registerTool(
      'answer',
      {
        title: 'Answer a question',
        description:
          'Answers a question from the public help articles, citing them ([n] marks, sources listed), or says that they do not answer it. Counts against the same per-client limits as the widget.',
        inputSchema: ANSWER_INPUT,
        outputSchema: ANSWER_OUTPUT,
        annotations: { readOnlyHint: false, openWorldHint: false },
      },
      guarded(async ({ question, locale, history }, signal) => {
        const response = await deps.ask(c, { query: question, locale, history });
        if (!response.ok) return toolError(await errorMessage(response));
        const collected = await collectAnswer(response.body!, signal);
        if (!collected.done)
          return toolError(collected.error ? `${collected.error.code}: ${collected.error.message}` : 'the answer stopped early');
        const sources = collected.sources.map((s) => ({ n: s.n, id: s.id, articleId: s.articleId, title: s.title, locale: s.locale }));
        const cited = new Set((collected.citations ?? []).map((c) => c.n));
        const list = sources.filter((s) => cited.has(s.n)).map((s) => `[${s.n}] ${s.title} (id: ${s.id})`);
        return {
          content: [{ type: 'text', text: list.length > 0 ? `${collected.text}\n\nSources:\n${list.join('\n')}` : collected.text }],
          structuredContent: {
            answer: collected.text,
            mode: collected.done.mode,
            grounded: collected.done.grounded,
            interactionId: collected.done.interactionId,
            sources,
          },
        };
      }),
    );

    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  };
}

function toolError(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** The message of an answer route's error response (`{error: {code, message}}`), for a tool error. */
async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return `${body.error.code ?? response.status}: ${body.error.message}`;
  } catch {
    // Not the service's JSON: the status says enough.
  }
  return `the answer service answered ${response.status}`;
}

/** An index's public sections by article id, in article order, built once per index. */
function articleLookup(): (index: SearchIndex) => ReadonlyMap<string, StoredSection[]> {
  const maps = new WeakMap<SearchIndex, Map<string, StoredSection[]>>();
  return (index) => {
    let map = maps.get(index);
    if (!map) {
      map = new Map();
      for (const section of index.sections()) {
        if (section.audience === 'internal') continue;
        let list = map.get(section.articleId);
        if (!list) map.set(section.articleId, (list = []));
        list.push(section);
      }
      maps.set(index, map);
    }
    return map;
  };
}
