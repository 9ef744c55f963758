/**
 * HTML from notebooks — Markdown cells and `text/html` outputs — made safe for
 * a static page that anyone may open: no script, no event handlers, no
 * forms or frames, links and images only to http(s) or inline data, and a
 * short allow-list of CSS properties (nothing that positions an element over
 * the page).
 */
import sanitizeHtml from 'sanitize-html';

const LENGTH = /^-?\d+(\.\d+)?(px|em|rem|%|pt|ch)?$|^auto$/;
const SPACING = /^(-?\d+(\.\d+)?(px|em|rem|%|pt|ch)?|auto)(\s+(-?\d+(\.\d+)?(px|em|rem|%|pt|ch)?|auto)){0,3}$/;
const COLOR = /^(#[0-9a-f]{3,8}|[a-z]+|rgba?\([\d\s.,%]+\)|hsla?\([\d\s.,%deg]+\))$/i;
const WORDS = /^[a-z-]+(\s+[a-z-]+)*$/i;

export function sanitize(html: string, options: { image?: (src: string) => string | null } = {}): string {
  return sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags,
      'img',
      'del',
      'ins',
      'sup',
      'sub',
      'details',
      'summary',
      'span',
      'input',
    ],
    allowedAttributes: {
      '*': ['class', 'title', 'style', 'align', 'id'],
      a: ['href', 'name', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      input: ['type', 'checked', 'disabled'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https', 'data'] },
    allowedStyles: {
      '*': {
        color: [COLOR],
        'background-color': [COLOR],
        'font-weight': [/^(normal|bold|bolder|lighter|\d{3})$/],
        'font-style': [/^(normal|italic|oblique)$/],
        'font-size': [LENGTH],
        'font-family': [/^[\w\s,'"-]+$/],
        'text-align': [/^(left|right|center|justify|start|end)$/],
        'text-decoration': [WORDS],
        'vertical-align': [/^(baseline|top|middle|bottom|sub|super|text-top|text-bottom)$/],
        'white-space': [/^(normal|nowrap|pre|pre-wrap|pre-line)$/],
        margin: [SPACING],
        'margin-left': [LENGTH],
        'margin-right': [LENGTH],
        'margin-top': [LENGTH],
        'margin-bottom': [LENGTH],
        padding: [SPACING],
        'padding-left': [LENGTH],
        'padding-right': [LENGTH],
        'padding-top': [LENGTH],
        'padding-bottom': [LENGTH],
        border: [/^[\w\s#().,%-]+$/],
        'border-collapse': [/^(collapse|separate)$/],
        width: [LENGTH],
        'max-width': [LENGTH],
        height: [LENGTH],
      },
    },
    transformTags: {
      // Links leave the report in a new tab, without handing it to the target.
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        const resolved = options.image ? options.image(src) : src;
        return { tagName, attribs: { ...attribs, src: resolved ?? '' } };
      },
    },
    // Only plain values for data: images; an SVG as an image cannot run script.
    allowProtocolRelative: false,
  });
}
