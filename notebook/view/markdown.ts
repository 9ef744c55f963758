/**
 * Markdown and HTML that reach the page from files or cells are sanitised with
 * DOMPurify before they touch the DOM: a notebook opened from a shared link must
 * not run script in the page that holds the relay's session, nor lay anything over
 * the page (see filter-style.ts).
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { filterStyle } from './filter-style.ts';

const PURIFY_OPTIONS = {
  // A <style> element would restyle the whole notebook page; style attributes are filtered below.
  // An open <dialog> is positioned by the browser over the content around it.
  FORBID_TAGS: ['style', 'form', 'dialog'],
  // A popover is shown in the top layer, above everything on the page.
  FORBID_ATTR: ['popover', 'popovertarget'],
  ADD_ATTR: ['target'],
};

let purify: ReturnType<typeof DOMPurify> | null = null;

export function sanitizeHtml(html: string): string {
  purify ??= createPurify();
  return purify.sanitize(html, PURIFY_OPTIONS);
}

/** An instance of our own, so that the style hook applies to notebook content only. */
function createPurify(): ReturnType<typeof DOMPurify> {
  const instance = DOMPurify(window);
  instance.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName !== 'style') return;
    const style = filterStyle(data.attrValue);
    if (style === '') data.keepAttr = false;
    else data.attrValue = style;
  });
  return instance;
}

export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false, gfm: true }));
}
