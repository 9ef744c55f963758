/**
 * Markdown and HTML that reach the page from files or cells are sanitised with
 * DOMPurify before they touch the DOM: a notebook opened from a shared link must
 * not run script in the page that holds the relay's session.
 */
import DOMPurify from 'dompurify';
import { marked } from 'marked';

const PURIFY_OPTIONS = {
  // A <style> element would restyle the whole notebook page; style attributes are fine.
  FORBID_TAGS: ['style', 'form'],
  ADD_ATTR: ['target'],
};

export function sanitizeHtml(html: string): string {
  return DOMPurify.sanitize(html, PURIFY_OPTIONS);
}

export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false, gfm: true }));
}
