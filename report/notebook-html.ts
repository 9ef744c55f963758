/**
 * A notebook as one self-contained HTML page: Markdown rendered, code
 * highlighted, every output shown, styles inline, no script at all — it reads
 * the same with JavaScript off, from a file or a mail attachment, with no
 * server. Pure: the same function serves `jvm-notebook export` and the
 * notebook's own export.
 */
import { marked } from 'marked';
import type { NotebookCell, NotebookDoc } from '../protocol/notebook-file.ts';
import { escapeHtml, highlightFenced, highlightTypeScript } from './highlight.ts';
import { outputHtml } from './output-html.ts';
import { REPORT_CSS } from './report-css.ts';
import { sanitize } from './sanitize.ts';

export interface ReportOptions {
  /** The page title; default the notebook's first heading, else "Notebook". */
  title?: string;
  /** Leave the code out: a report of Markdown and outputs only. */
  noInput?: boolean;
}

export function notebookHtml(doc: NotebookDoc, options: ReportOptions = {}): string {
  const title = options.title ?? firstHeading(doc) ?? 'Notebook';
  let count = 0;
  const cells = doc.cells.map((cell) => {
    if (cell.cell_type === 'code') count++;
    return cellHtml(cell, count, options.noInput === true);
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main class="notebook">
${cells.join('\n')}
</main>
</body>
</html>
`;
}

function cellHtml(cell: NotebookCell, codeIndex: number, noInput: boolean): string {
  if (cell.cell_type === 'markdown') return `<section class="cell markdown">${markdownHtml(cell)}</section>`;
  if (cell.cell_type === 'raw')
    return noInput ? '' : `<section class="cell raw"><pre>${escapeHtml(cell.source)}</pre></section>`;
  const prompt = cell.execution_count === null ? '[ ]' : `[${cell.execution_count}]`;
  const input = noInput
    ? ''
    : `<div class="input"><span class="prompt">${prompt}</span><pre class="code hljs"><code>${highlightTypeScript(cell.source)}</code></pre></div>`;
  const outputs = cell.outputs.map(outputHtml).join('');
  if (input === '' && outputs === '') return '';
  return `<section class="cell code" data-cell="${codeIndex}">${input}${outputs ? `<div class="outputs">${outputs}</div>` : ''}</section>`;
}

function markdownHtml(cell: NotebookCell): string {
  const attachments = attachmentsOf(cell);
  const renderer = new marked.Renderer();
  renderer.code = ({ text, lang }) =>
    `<pre class="code hljs"><code>${highlightFenced(text, (lang ?? '').split(/\s/)[0] ?? '')}</code></pre>`;
  const html = marked.parse(cell.source, { async: false, gfm: true, renderer });
  return sanitize(html, {
    image: (src) => {
      if (!src.startsWith('attachment:')) return src;
      const bundle = attachments[decodeURIComponent(src.slice('attachment:'.length))];
      const type = bundle && Object.keys(bundle).find((t) => t.startsWith('image/'));
      return type ? `data:${type};base64,${String(bundle[type]).replace(/\s+/g, '')}` : null;
    },
  });
}

/** A Markdown cell's `attachments` (nbformat: name → MIME bundle), kept on the cell as read from the file. */
function attachmentsOf(cell: NotebookCell): Record<string, Record<string, unknown>> {
  const value = (cell as unknown as { attachments?: unknown }).attachments;
  return typeof value === 'object' && value !== null ? (value as Record<string, Record<string, unknown>>) : {};
}

function firstHeading(doc: NotebookDoc): string | undefined {
  for (const cell of doc.cells) {
    if (cell.cell_type !== 'markdown') continue;
    const match = /^#{1,6}\s+(.+)$/m.exec(cell.source);
    if (match) return match[1]!.trim();
  }
  return undefined;
}
