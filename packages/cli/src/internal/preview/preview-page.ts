import { formatIssue } from '@kotae/knowledge/errors';
import { PREVIEW_PATHS } from './preview-assets.js';
import type { PreviewData, PreviewEval, PreviewThreshold } from './preview-data.js';

/** The page's own words, in the two languages it speaks. */
const MESSAGES = {
  en: {
    preview: 'Preview',
    live: 'Live: the page reloads when you save',
    built: 'built',
    widget: 'Help widget',
    articles: 'Articles',
    title: 'Title',
    locale: 'Locale',
    audience: 'Audience',
    owner: 'Owner',
    status: 'Status',
    public: 'public',
    internal: 'internal',
    ok: 'ok',
    none: '—',
    problems: 'Problems',
    noProblems: 'No problems.',
    notChecked: 'Not checked here: run kotae validate on the content, or preview it with kotae dev.',
    more: (n: number) => `… and ${n} more (kotae validate lists them all)`,
    stale: 'The content has errors: the widget shows the last version that built.',
    eval: 'Eval',
    noCases: 'No eval cases (evals/*.jsonl).',
    cases: (scored: number, files: string) => `${scored} cases scored (${files})`,
    misses: 'Not in the top 10',
    threshold: 'Refusal threshold',
    thresholdRow: (t: PreviewThreshold) =>
      `${t.language}: ${t.threshold.toFixed(2)} (${t.source}); answers ${pct(t.answered)} of answerable, refuses ${pct(t.refused)} of out-of-scope`,
    errors: (n: number) => `${n} ${n === 1 ? 'error' : 'errors'}`,
    warnings: (n: number) => `${n} ${n === 1 ? 'warning' : 'warnings'}`,
    count: (n: number) => `${n}`,
  },
  ja: {
    preview: 'プレビュー',
    live: 'ライブ: 保存するとページが再読み込みされます',
    built: 'ビルド',
    widget: 'ヘルプウィジェット',
    articles: '記事',
    title: 'タイトル',
    locale: 'ロケール',
    audience: '公開範囲',
    owner: '担当',
    status: '状態',
    public: '公開',
    internal: '社内',
    ok: '問題なし',
    none: '—',
    problems: '問題',
    noProblems: '問題はありません。',
    notChecked: 'ここでは検査していません。コンテンツに kotae validate を実行するか、kotae dev でプレビューしてください。',
    more: (n: number) => `…ほか ${n} 件（すべては kotae validate で表示されます）`,
    stale: 'コンテンツにエラーがあります。ウィジェットは最後にビルドできた版を表示しています。',
    eval: '評価',
    noCases: '評価ケース（evals/*.jsonl）がありません。',
    cases: (scored: number, files: string) => `${scored} 件を採点（${files}）`,
    misses: '上位 10 件に入らなかった質問',
    threshold: '回答を控えるしきい値',
    thresholdRow: (t: PreviewThreshold) =>
      `${t.language}: ${t.threshold.toFixed(2)}（${t.source}）。回答可能な質問の ${pct(t.answered)} に回答、範囲外の質問の ${pct(t.refused)} を回答せず`,
    errors: (n: number) => `エラー ${n} 件`,
    warnings: (n: number) => `警告 ${n} 件`,
    count: (n: number) => `${n} 件`,
  },
} as const;

type Messages = (typeof MESSAGES)[keyof typeof MESSAGES];

/** How many problems the page lists; `kotae validate` lists them all. */
const MAX_ISSUES = 200;

/** The language of the page: `?lang=` when it names one the page speaks, else the bundle's default locale's. */
export function pageLanguage(data: Pick<PreviewData, 'defaultLocale'>, requested?: string | null): 'en' | 'ja' {
  const pick = (tag: string | null | undefined) =>
    tag?.toLowerCase().split('-')[0] === 'ja' ? 'ja' : tag?.toLowerCase().startsWith('en') ? 'en' : undefined;
  return pick(requested) ?? pick(data.defaultLocale) ?? 'en';
}

/**
 * The preview page of `kotae serve` and `kotae dev`: the widget inline over the bundle and the
 * answer service, the articles (linking to the widget's article view), the validation problems,
 * and the eval summary. Server-rendered; its one script (`/_kotae/preview.js`) opens linked
 * articles and, with `live`, reloads the page when the content was rebuilt. No inline script or
 * style, so the strict CSP holds.
 */
export function previewPage(data: PreviewData, lang: 'en' | 'ja'): string {
  const m = MESSAGES[lang];
  const live = data.live === undefined ? '' : ` data-live="${escape(data.live)}"`;
  const known = data.issues !== undefined;
  const hasOwner = data.articles.some((a) => a.owner !== undefined) || known;
  return `<!doctype html>
<html lang="${lang}" data-version="${escape(data.version)}"${live}>
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escape(data.id)} — kotae ${m.preview}</title>
    <link rel="icon" href="${PREVIEW_PATHS.favicon}" type="image/svg+xml" />
    <link rel="stylesheet" href="${PREVIEW_PATHS.styles}" />
    <script type="module" src="/widget/kotae-help.js"></script>${(data.preload ?? []).map((href) => `\n    <link rel="modulepreload" href="${escape(href)}" />`).join('')}
    <script type="module" src="${PREVIEW_PATHS.script}"></script>
  </head>
  <body>
    <header class="top">
      <p class="brand"><img src="${PREVIEW_PATHS.favicon}" alt="" width="24" height="24" /> kotae <span>${m.preview}</span></p>
      <h1>${escape(data.id)}</h1>
      <p class="meta"><span>${escape(data.version)}</span> <span>${m.built} <time datetime="${escape(data.builtAt)}">${escape(data.builtAt.slice(0, 19).replace('T', ' '))} UTC</time></span>${
        data.live === undefined ? '' : ` <span class="live">${m.live}</span>`
      }</p>
    </header>
    ${data.stale ? `<p class="stale" role="alert">${m.stale}</p>` : ''}
    <main class="layout">
      <section class="widget" aria-labelledby="widget-heading">
        <h2 id="widget-heading">${m.widget}</h2>
        <kotae-help mode="inline" src="${escape(data.manifest)}" endpoint="${escape(data.endpoint)}" locale="${escape(data.defaultLocale)}"${data.publicKeys?.length ? ` public-key="${escape(data.publicKeys.join(' '))}"` : ''}></kotae-help>
      </section>
      <div class="side">
        <section class="problems" aria-labelledby="problems-heading">
          <h2 id="problems-heading">${m.problems}${known ? ` <span class="count">${m.count(data.issues!.length)}</span>` : ''}</h2>
          ${problems(data, m)}
        </section>
        <section class="eval" aria-labelledby="eval-heading">
          <h2 id="eval-heading">${m.eval}</h2>
          ${evalSummary(data.eval, data.thresholds, known, m)}
        </section>
      </div>
      <section class="articles" aria-labelledby="articles-heading">
        <h2 id="articles-heading">${m.articles} <span class="count">${m.count(data.articles.length)}</span></h2>
        <div class="table">
          <table>
            <thead>
              <tr><th scope="col">${m.title}</th><th scope="col">${m.locale}</th><th scope="col">${m.audience}</th>${
                hasOwner ? `<th scope="col">${m.owner}</th>` : ''
              }${known ? `<th scope="col">${m.status}</th>` : ''}</tr>
            </thead>
            <tbody>
${data.articles
  .map(
    (a) =>
      `              <tr><td><a href="#article=${encodeURIComponent(a.id)}" lang="${escape(a.locale)}">${escape(a.title)}</a>${
        a.source ? `<br /><code>${escape(a.source)}</code>` : ''
      }</td><td>${escape(a.locale)}</td><td>${m[a.audience]}</td>${hasOwner ? `<td>${a.owner ? escape(a.owner) : m.none}</td>` : ''}${
        known ? `<td>${status(a.errors ?? 0, a.warnings ?? 0, m)}</td>` : ''
      }</tr>`,
  )
  .join('\n')}
            </tbody>
          </table>
        </div>
      </section>
    </main>
  </body>
</html>
`;
}

function problems(data: PreviewData, m: Messages): string {
  if (data.issues === undefined) return `<p>${m.notChecked}</p>`;
  if (data.issues.length === 0) return `<p class="ok">${m.noProblems}</p>`;
  const shown = data.issues.slice(0, MAX_ISSUES);
  const items = shown.map((issue) => {
    const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
    const text = formatIssue(issue).slice(where.length + 2);
    return `<li class="${issue.severity}"><code>${escape(where)}</code> ${escape(text)}</li>`;
  });
  const more = data.issues.length > shown.length ? `<p>${m.more(data.issues.length - shown.length)}</p>` : '';
  return `<ul class="issues">\n${items.join('\n')}\n</ul>${more}`;
}

function evalSummary(summary: PreviewEval | undefined, thresholds: readonly PreviewThreshold[], known: boolean, m: Messages): string {
  const parts: string[] = [];
  if (summary && summary.scored > 0) {
    const r = summary.retrieval;
    parts.push(`<p>${m.cases(summary.scored, summary.files.join(', '))}</p>`);
    parts.push(
      `<dl class="metrics">${(
        [
          ['recall@1', r['recall@1']],
          ['recall@5', r['recall@5']],
          ['MRR@10', r['mrr@10']],
          ['nDCG@10', r['ndcg@10']],
        ] as const
      )
        .map(([k, v]) => `<div><dt>${k}</dt><dd>${v.toFixed(2)}</dd></div>`)
        .join('')}</dl>`,
    );
    if (summary.misses.length > 0) {
      parts.push(
        `<details><summary>${m.misses} (${summary.misses.length})</summary><ul class="misses">${summary.misses
          .map((x) => `<li>${escape(x.query)} <small>→ ${escape(x.relevant.join(', '))}</small></li>`)
          .join('')}</ul></details>`,
      );
    }
  } else if (known) {
    parts.push(`<p>${m.noCases}</p>`);
  }
  if (thresholds.length > 0) {
    parts.push(
      `<h3>${m.threshold}</h3><ul class="thresholds">${thresholds.map((t) => `<li>${escape(m.thresholdRow(t))}</li>`).join('')}</ul>`,
    );
  }
  return parts.join('\n          ');
}

function status(errors: number, warnings: number, m: Messages): string {
  if (errors > 0) return `<span class="bad">${m.errors(errors)}</span>`;
  if (warnings > 0) return `<span class="warn">${m.warnings(warnings)}</span>`;
  return `<span class="good">${m.ok}</span>`;
}

function pct(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 100)}%`;
}

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
