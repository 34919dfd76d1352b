// A rollup plugin for the embed build: squeezes the whitespace out of Lit's css`` and html``
// template literals, which terser leaves alone (they are strings to it). Only the widget's own
// templates are touched, with rules that keep their meaning:
// - css: comments dropped, whitespace runs collapsed, no space around `{ } ; , >` or after `:`
//   (never before `:`, where `a :hover` and `a:hover` differ), no `;` before `}`;
// - html: every whitespace run that holds a line break becomes one space (so inline elements
//   keep the space between them; the templates have no <pre> or <textarea>).
// Sourcemaps stay exact (magic-string).
import MagicString from 'magic-string';

/** @param {string} text */
export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}')
    .trim();
}

/** @param {string} text */
export function minifyHtml(text) {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** @returns {import('rollup').Plugin} */
export function minifyLiterals() {
  return {
    name: 'kotae-minify-literals',
    transform(code, id) {
      if (id.includes('node_modules') || !/\b(?:css|html) ?`/.test(code)) return null;
      const magic = new MagicString(code);
      const visit = (node) => {
        if (!node || typeof node.type !== 'string') return;
        if (node.type === 'TaggedTemplateExpression' && node.tag.type === 'Identifier' && /^(?:css|html)$/.test(node.tag.name)) {
          const minify = node.tag.name === 'css' ? minifyCss : minifyHtml;
          const last = node.quasi.quasis.length - 1;
          node.quasi.quasis.forEach((quasi, i) => {
            let min = minify(quasi.value.raw);
            // css trims each piece; keep one space where a piece meets an interpolation.
            if (node.tag.name === 'css' && min !== '') {
              if (i > 0 && /^\s/.test(quasi.value.raw)) min = ` ${min}`;
              if (i < last && /\s$/.test(quasi.value.raw)) min = `${min} `;
            }
            if (min === quasi.value.raw || quasi.end === quasi.start) return;
            if (min === '') magic.remove(quasi.start, quasi.end);
            else magic.overwrite(quasi.start, quasi.end, min);
          });
        }
        for (const value of Object.values(node)) {
          if (Array.isArray(value)) value.forEach(visit);
          else if (value && typeof value === 'object') visit(value);
        }
      };
      visit(this.parse(code));
      return magic.hasChanged() ? { code: magic.toString(), map: magic.generateMap({ hires: true }) } : null;
    },
  };
}
