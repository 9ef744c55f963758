/** TypeScript source as highlighted HTML (highlight.js classes; the page's CSS colours them). */
import hljs from 'highlight.js/lib/core';
import typescript from 'highlight.js/lib/languages/typescript';

hljs.registerLanguage('typescript', typescript);

export function highlightTypeScript(source: string): string {
  return hljs.highlight(source, { language: 'typescript', ignoreIllegals: true }).value;
}

/** A fenced code block of another language, highlighted when highlight.js knows it, else escaped. */
export function highlightFenced(source: string, language: string): string {
  const lang = language.toLowerCase();
  if (lang === 'ts' || lang === 'typescript' || lang === 'js' || lang === 'javascript')
    return highlightTypeScript(source);
  return escapeHtml(source);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
