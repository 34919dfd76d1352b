/**
 * Small inline SVG charts for the insights report: plain markup built from numbers, no script, no
 * external reference, so the report opens offline from disk. Every text passes {@link escapeHtml}.
 */

/** Escapes text for HTML and SVG text and attribute values (`&`, `<`, `>`, `"`, `'`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** One coloured series of a chart. */
export interface Series {
  readonly name: string;
  readonly color: string;
  readonly values: readonly number[];
}

const FONT = 'font-size="11" fill="#444"';

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

function legend(series: readonly Series[], x: number, y: number): string {
  let out = '';
  let at = x;
  for (const s of series) {
    out += `<rect x="${at}" y="${y - 9}" width="10" height="10" fill="${s.color}"/><text x="${at + 14}" y="${y}" ${FONT}>${escapeHtml(s.name)}</text>`;
    at += 22 + s.name.length * 6.5;
  }
  return out;
}

function svg(width: number, height: number, label: string, body: string): string {
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(label)}" font-family="system-ui, sans-serif">${body}</svg>`;
}

/**
 * Vertical stacked bars, one per label (a period), each series a layer: volume and what became of it.
 */
export function stackedBars(labels: readonly string[], series: readonly Series[], label: string): string {
  const width = 900;
  const height = 260;
  const left = 44;
  const top = 24;
  const bottom = 40;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = plotW / Math.max(1, labels.length);
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  let body = legend(series, left, 12);
  for (let t = 0; t <= 5; t++) {
    const v = (max * t) / 5;
    const y = top + plotH - (plotH * t) / 5;
    body += `<line x1="${left}" x2="${width - 10}" y1="${y}" y2="${y}" stroke="#e3e3e3"/><text x="${left - 6}" y="${y + 4}" text-anchor="end" ${FONT}>${Number(v.toFixed(1))}</text>`;
  }
  const every = Math.ceil(labels.length / 12);
  labels.forEach((name, i) => {
    const x = left + slot * i + (slot - barW) / 2;
    let y = top + plotH;
    for (const s of series) {
      const h = (plotH * (s.values[i] ?? 0)) / max;
      if (h > 0)
        body += `<rect x="${x.toFixed(1)}" y="${(y - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${s.color}"><title>${escapeHtml(`${name}: ${s.name} ${s.values[i]}`)}</title></rect>`;
      y -= h;
    }
    if (i % every === 0)
      body += `<text x="${(x + barW / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" ${FONT}>${escapeHtml(name)}</text>`;
  });
  return svg(width, height, label, body);
}

/**
 * Lines of rates (0 to 1) over labels, each with its 95% interval as a faint band. Points where
 * `shown` is false (periods without questions) are left out: the line jumps over them.
 */
export function rateLines(
  labels: readonly string[],
  series: readonly (Series & { readonly low: readonly number[]; readonly high: readonly number[] })[],
  shown: readonly boolean[],
  label: string,
): string {
  const width = 900;
  const height = 260;
  const left = 44;
  const top = 24;
  const bottom = 40;
  const plotW = width - left - 20;
  const plotH = height - top - bottom;
  const x = (i: number) => left + (labels.length <= 1 ? plotW / 2 : (plotW * i) / (labels.length - 1));
  const y = (v: number) => top + plotH - plotH * v;
  let body = legend(series, left, 12);
  for (let t = 0; t <= 4; t++) {
    const v = t / 4;
    body += `<line x1="${left}" x2="${width - 20}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" ${FONT}>${v * 100}%</text>`;
  }
  const kept = labels.map((_, i) => i).filter((i) => shown[i]);
  const at = (values: readonly number[], i: number) => `${x(i).toFixed(1)},${y(values[i]!).toFixed(1)}`;
  for (const s of series) {
    const band = [...kept.map((i) => at(s.high, i)), ...kept.map((i) => at(s.low, i)).reverse()];
    if (kept.length > 1) body += `<polygon points="${band.join(' ')}" fill="${s.color}" fill-opacity="0.07"/>`;
  }
  for (const s of series) {
    body += `<polyline points="${kept.map((i) => at(s.values, i)).join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`;
    s.values.forEach((v, i) => {
      if (shown[i])
        body += `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${s.color}"><title>${escapeHtml(`${labels[i]}: ${s.name} ${(v * 100).toFixed(1)}%`)}</title></circle>`;
    });
  }
  const every = Math.ceil(labels.length / 12);
  labels.forEach((name, i) => {
    if (i % every === 0)
      body += `<text x="${x(i).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" ${FONT}>${escapeHtml(name)}</text>`;
  });
  return svg(width, height, label, body);
}

/** Horizontal stacked bars, one row per label (a topic), each series a segment. */
export function horizontalBars(labels: readonly string[], series: readonly Series[], label: string): string {
  const width = 900;
  const rowH = 24;
  const left = 280;
  const top = 24;
  const height = top + rowH * labels.length + 10;
  const plotW = width - left - 50;
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  let body = legend(series, 10, 12);
  labels.forEach((name, i) => {
    const y = top + rowH * i;
    const shown = name.length > 44 ? `${name.slice(0, 43)}…` : name;
    body += `<text x="${left - 8}" y="${y + 15}" text-anchor="end" ${FONT}>${escapeHtml(shown)}<title>${escapeHtml(name)}</title></text>`;
    let at = left;
    for (const s of series) {
      const w = (plotW * (s.values[i] ?? 0)) / max;
      if (w > 0)
        body += `<rect x="${at.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" fill="${s.color}"><title>${escapeHtml(`${name}: ${s.name} ${s.values[i]}`)}</title></rect>`;
      at += w;
    }
    body += `<text x="${(at + 6).toFixed(1)}" y="${y + 15}" ${FONT}>${totals[i]}</text>`;
  });
  return svg(width, height, label, body);
}
