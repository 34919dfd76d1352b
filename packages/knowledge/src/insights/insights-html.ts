import type { InsightsReport, QuestionInsight } from './insights-report.js';
import type { PeriodCounts, ResolutionCounts } from './resolution.js';
import { escapeHtml, horizontalBars, rateLines, stackedBars, type Series } from './svg-charts.js';
import type { RateEstimate } from './wilson.js';

/** The categories in the order and colours the report shows them, with plain-words names. */
const CATEGORIES = [
  { key: 'confirmed', name: 'Confirmed solved', color: '#2e7d32', says: 'The person told us the answer solved their problem.' },
  {
    key: 'assumed',
    name: 'Probably solved',
    color: '#9ccc65',
    says: 'No complaint, no request for a person and no repeat question afterwards, but never confirmed.',
  },
  { key: 'escalated', name: 'Handed to a person', color: '#ef6c00', says: 'The person asked to talk to support.' },
  { key: 'unanswered', name: '"I don\'t know"', color: '#c62828', says: 'The help had no guidance to answer with, and said so.' },
  {
    key: 'unresolved',
    name: 'Not solved',
    color: '#8e24aa',
    says: 'The person said it did not help, or asked about the same thing again soon after.',
  },
  { key: 'pending', name: 'Too recent to tell', color: '#b0bec5', says: 'Asked too recently to know whether they came back.' },
] as const;

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;background:#f6f7f9;margin:0}
main{max-width:960px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0 0 4px}
section{background:#fff;border:1px solid #e2e5ea;border-radius:8px;padding:16px 20px;margin:16px 0}
.explain{color:#555;margin:0 0 12px}.meta{color:#666;margin:0}
.cards{display:grid;grid-template-columns:repeat(3,1fr);gap:12px}
.card{border:1px solid #e2e5ea;border-left:6px solid var(--c);border-radius:6px;padding:10px 12px}
.card b{font-size:24px;display:block}.card small{color:#555;display:block}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #eceef1;vertical-align:top}
th{color:#555;font-weight:600}td.n{text-align:right;white-space:nowrap}
blockquote{margin:4px 0;padding:2px 10px;border-left:3px solid #cfd8dc;color:#333}
.empty{color:#777;font-style:italic}
`;

function percent(v: number): string {
  return `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`;
}

function interval(r: RateEstimate): string {
  return r.total === 0 ? 'no questions' : `likely between ${percent(r.low)} and ${percent(r.high)}`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

function periodLabel(p: PeriodCounts, unit: string): string {
  return unit === 'week' ? `wk ${p.start.slice(5, 10)}` : p.start.slice(5, 10);
}

function series(periods: readonly ResolutionCounts[]): Series[] {
  return CATEGORIES.map((c) => ({ name: c.name, color: c.color, values: periods.map((p) => p[c.key].count) }));
}

function section(title: string, explain: string, body: string): string {
  return `<section><h2>${escapeHtml(title)}</h2><p class="explain">${escapeHtml(explain)}</p>${body}</section>`;
}

function questionsTable(rows: readonly QuestionInsight[], empty: string): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  const body = rows
    .map(
      (q) =>
        `<tr><td>${escapeHtml(q.query)}</td><td class="n">${q.count}</td><td>${escapeHtml(q.nearestTitle ?? '—')}</td><td class="n">${percent(q.meanTopScore)}</td><td class="n">${escapeHtml(day(q.lastAsked))}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>Question (and similar ones)</th><th>Times asked</th><th>Closest article</th><th>Words matched</th><th>Last asked</th></tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * Renders an {@link InsightsReport} as one self-contained HTML page: inline CSS and inline SVG
 * charts, no script and no external request, so it opens offline from disk and can be mailed
 * around. Written for a reader who does not know kotae: plain words, one sentence under each
 * chart saying what it shows. Every text from the store is HTML-escaped.
 *
 * @example
 * ```ts
 * await writeFile('insights.html', renderInsightsHtml(await buildInsights(store.records())))
 * ```
 */
export function renderInsightsHtml(report: InsightsReport): string {
  const r = report.resolution;
  const o = r.overall;
  const range = r.since === undefined ? 'no questions yet' : `${day(r.since)} to ${day(r.until ?? r.since)}`;
  const cards = CATEGORIES.map(
    (c) =>
      `<div class="card" style="--c:${c.color}"><small>${escapeHtml(c.name)}</small><b>${percent(o[c.key].rate)}</b><small>${o[c.key].count} of ${o.total} questions, ${escapeHtml(interval(o[c.key]))}</small><small>${escapeHtml(c.says)}</small></div>`,
  ).join('');
  // Reviewers' judgement, beside the outcomes and never added to them.
  const reviewed =
    r.reviewed.total === 0
      ? ''
      : `<p>Reviewed in the console: ${r.reviewed.total} of ${o.total} questions; reviewers judged ${percent(r.reviewed.resolved.rate)} of them solved (${escapeHtml(interval(r.reviewed.resolved))}). This is a separate measure from the groups above.</p>`;
  const labels = r.periods.map((p) => periodLabel(p, r.period));
  const per = r.period === 'week' ? 'week' : 'day';
  const volume = stackedBars(labels, series(r.periods), `Questions per ${per}, by what became of them`);
  const rates = rateLines(
    labels,
    CATEGORIES.filter((c) => c.key !== 'unresolved' && c.key !== 'pending').map((c) => ({
      name: c.name,
      color: c.color,
      values: r.periods.map((p) => p[c.key].rate),
      low: r.periods.map((p) => p[c.key].low),
      high: r.periods.map((p) => p[c.key].high),
    })),
    r.periods.map((p) => p.total > 0),
    `Share of questions per ${per} in each category`,
  );
  const topicChart =
    report.topics.length === 0
      ? '<p class="empty">No questions in this period.</p>'
      : horizontalBars(
          report.topics.map((t) => t.title),
          series(report.topics),
          'Questions by topic',
        );
  const topicRates =
    report.topics.length === 0
      ? ''
      : `<table><thead><tr><th>Topic</th><th>Questions</th>${CATEGORIES.slice(0, 5)
          .map((c) => `<th>${escapeHtml(c.name)}</th>`)
          .join('')}</tr></thead><tbody>${report.topics
          .map(
            (t) =>
              `<tr><td>${escapeHtml(t.title)}</td><td class="n">${t.total}</td>${CATEGORIES.slice(0, 5)
                .map((c) => `<td class="n" title="${escapeHtml(interval(t[c.key]))}">${percent(t[c.key].rate)}</td>`)
                .join('')}</tr>`,
          )
          .join('')}</tbody></table>`;
  const quotes = report.topics
    .filter((t) => t.quotes.length > 0)
    .map((t) => `<h3>${escapeHtml(t.title)}</h3>${t.quotes.map((q) => `<blockquote>${escapeHtml(q)}</blockquote>`).join('')}`)
    .join('');
  const articles =
    report.escalatedArticles.length === 0
      ? '<p class="empty">No answer was followed by a request for a person.</p>'
      : `<table><thead><tr><th>Article</th><th>Answers citing it</th><th>Then handed to a person</th><th>Share</th></tr></thead><tbody>${report.escalatedArticles
          .map(
            (a) =>
              `<tr><td>${escapeHtml(a.title)}</td><td class="n">${a.escalated.total}</td><td class="n">${a.escalated.count}</td><td class="n">${percent(a.escalated.rate)} <small>(${escapeHtml(interval(a.escalated))})</small></td></tr>`,
          )
          .join('')}</tbody></table>`;
  const e = report.escalations;
  const escalations =
    e.total === 0
      ? '<p class="empty">Nobody asked for a person in this range.</p>'
      : `<p>${e.total} requests for a person: ${e.delivery.delivered} delivered, ${e.delivery.pending} still being retried, ${e.delivery.deadLettered} given up on (dead-lettered: look at the store), ${e.delivery.recorded} recorded only (no destination configured, or the page handled it).</p>
<table><thead><tr><th>Reason</th><th>Requests</th></tr></thead><tbody>${Object.entries(e.reasons)
          .filter(([, n]) => n > 0)
          .map(([reason, n]) => `<tr><td>${escapeHtml(reason)}</td><td class="n">${n}</td></tr>`)
          .join('')}</tbody></table>
<table><thead><tr><th>Topic</th><th>Requests</th></tr></thead><tbody>${e.topics
          .map((t) => `<tr><td>${escapeHtml(t.title)}</td><td class="n">${t.count}</td></tr>`)
          .join('')}</tbody></table>
<table><thead><tr><th>Question</th><th>Requests</th></tr></thead><tbody>${e.questions
          .map((q) => `<tr><td lang="${escapeHtml(q.locale)}">${escapeHtml(q.query)}</td><td class="n">${q.count}</td></tr>`)
          .join('')}</tbody></table>`;
  const trending =
    report.trending.length === 0
      ? '<p class="empty">No topic grew from the week before to the last week.</p>'
      : `<table><thead><tr><th>Topic</th><th>Week before</th><th>Last 7 days</th><th>Change</th></tr></thead><tbody>${report.trending
          .map(
            (t) =>
              `<tr><td>${escapeHtml(t.title)}</td><td class="n">${t.lastWeek}</td><td class="n">${t.thisWeek}</td><td class="n">+${t.change}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const topicSource =
    report.topicSource === 'classifier'
      ? 'Topics are labels from a topic classifier trained on labelled questions.'
      : "A question's topic is the help article its answer relied on most (or the closest one, when there was no answer).";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Help insights: ${escapeHtml(range)}</title><style>${STYLE}</style></head>
<body><main>
<h1>What people asked the in-product help, and what came of it</h1>
<p class="meta">${escapeHtml(range)} · ${o.total} questions · report made ${escapeHtml(day(report.generatedAt))}${r.agentExcluded > 0 ? ` · ${r.agentExcluded} drafts written for support agents are not counted` : ''}${r.smallTalkExcluded > 0 ? ` · ${r.smallTalkExcluded} greetings, thanks and goodbyes are not counted` : ''}</p>
${section(
  'Outcomes',
  `Every question ends up in exactly one of these six groups. They are shown side by side and never added up into one "solved" number, because "confirmed" is what people told us and "probably" is only the absence of a complaint. The range after each number is where the true share most likely lies (95% confidence) given how many questions there were; "probably solved" means no repeat question within ${r.repeatWindowHours} hours.`,
  `<div class="cards">${cards}</div>${reviewed}`,
)}
${section(`Questions per ${per}`, `Each bar is one ${per}: its height is how many questions were asked, its colours what became of them.`, volume)}
${section(`Outcomes per ${per}`, `Each line is the share of a ${per}'s questions in one group; the faint band around it is the likely range, wide when there were few questions.`, rates)}
${section('Topics', `The most asked-about topics and what became of those questions; the table gives each group's share of the topic's questions. ${topicSource}`, topicChart + topicRates)}
${section('Questions the help could not answer', 'The questions most often answered "I don\'t know", with similar wordings counted together: each is guidance worth writing.', questionsTable(report.unanswered, 'Every question got an answer.'))}
${section('Content gaps', `Questions asked at least twice where the help articles matched less than ${percent(report.gapScore)} of the question's words: even when an answer was shown, the guidance is thin there.`, questionsTable(report.contentGaps, 'No weakly covered question was asked twice.'))}
${section('Articles followed by a request for a person', 'Help articles whose answers were most often followed by "talk to support": they may be unclear, out of date, or about something people need a person for.', articles)}
${section('Requests for a person', 'Everyone who asked to reach support, why (as the answer service judged it), about what, and whether it reached the support inbox or ticket system.', escalations)}
${section('Trending topics', 'Topics asked about more in the last 7 days than in the 7 days before.', trending)}
${section('In their own words', 'A few typical questions for each topic, with personal data such as emails and phone numbers removed.', quotes || '<p class="empty">No questions.</p>')}
</main></body></html>
`;
}
