/** Formatting shared by the console's screens. */
import type { ConsoleLanguage } from '../i18n/messages.js';

/** A date and time in the UI language (the viewer's time zone). */
export function formatTime(iso: string, language: ConsoleLanguage): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A share (0–1) as a percentage. */
export function formatShare(share: number, language: ConsoleLanguage): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: share > 0 && share < 0.1 ? 1 : 0 }).format(share);
}

/** The article id and the section anchor of a section id (`billing/refunds#how-long`). */
export function splitSection(id: string): { article: string; anchor: string | undefined } {
  const hash = id.indexOf('#');
  return hash < 0 ? { article: id, anchor: undefined } : { article: id.slice(0, hash), anchor: id.slice(hash + 1) };
}

/**
 * The section of an article's markdown under the heading whose slug is `anchor` (to the next
 * heading of the same or a higher level), or the whole article without one. Plain text: it is
 * shown as text, never as HTML.
 */
export function sectionOf(markdown: string, anchor: string | undefined): string | undefined {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  if (anchor === undefined || anchor === '') return unwrap(body);
  const lines = body.split('\n');
  let start = -1;
  let level = 0;
  for (let i = 0; i < lines.length; i++) {
    const heading = /^(#{1,6})\s+(.*?)\s*(?:\{#([^}]+)\})?\s*$/.exec(lines[i]!);
    if (heading === null) continue;
    if (start >= 0 && heading[1]!.length <= level) return unwrap(lines.slice(start, i).join('\n'));
    if (start < 0 && (heading[3] === anchor || slug(heading[2]!) === anchor)) {
      start = i;
      level = heading[1]!.length;
    }
  }
  return start < 0 ? undefined : unwrap(lines.slice(start).join('\n'));
}

/** Joins the lines of a paragraph that the source wrapped (a list item, heading or quote keeps its own line). */
function unwrap(markdown: string): string {
  return markdown.trim().replace(/([^\n])\n(?![\n\s]|[-*+>#|]\s|\d+\.\s)/g, '$1 ');
}

/** A heading's slug as GitHub-style anchors make it (lowercase, punctuation dropped, spaces to dashes). */
function slug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s+/g, '-');
}
