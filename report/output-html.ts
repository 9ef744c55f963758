/**
 * One cell output as static HTML. Rich data is chosen as a notebook viewer
 * does, richest kind first: the kernel's table, HTML, images, Markdown, JSON,
 * LaTeX (as its source), then plain text. Streams and tracebacks keep their
 * ANSI colours as coloured spans.
 */
import { AnsiUp } from 'ansi_up';
import { marked } from 'marked';
import type { CellOutput, MimeBundle } from '../protocol/outputs.ts';
import { bytesToBase64 } from '../protocol/py4j/index.ts';
import { parseTable, TABLE_MIME, type TableData } from '../protocol/table-mime.ts';
import { escapeHtml } from './highlight.ts';
import { sanitize } from './sanitize.ts';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export function outputHtml(output: CellOutput): string {
  switch (output.output_type) {
    case 'stream':
      return `<pre class="output stream ${output.name}">${ansiHtml(output.text)}</pre>`;
    case 'error':
      return `<div class="output error"><pre>${ansiHtml(output.traceback.join('\n') || `${output.ename}: ${output.evalue}`)}</pre></div>`;
    case 'execute_result':
    case 'display_data':
      return `<div class="output ${output.output_type === 'execute_result' ? 'result' : 'display'}">${mimeHtml(output.data)}</div>`;
  }
}

function mimeHtml(data: MimeBundle): string {
  const table = data[TABLE_MIME] === undefined ? null : parseTable(data[TABLE_MIME]);
  if (table) return tableHtml(table);
  if (data['text/html'] !== undefined) return sanitize(data['text/html']);
  const image = IMAGE_TYPES.find((type) => data[type] !== undefined);
  if (image) return `<img alt="" src="data:${image};base64,${data[image]!.replace(/\s+/g, '')}">`;
  if (data['image/svg+xml'] !== undefined) {
    // As an image, not inline markup: an SVG shown through <img> cannot run script or reach the page.
    const svg = bytesToBase64(new TextEncoder().encode(data['image/svg+xml']));
    return `<img alt="" src="data:image/svg+xml;base64,${svg}">`;
  }
  if (data['text/markdown'] !== undefined) return sanitize(marked.parse(data['text/markdown'], { async: false }));
  if (data['application/json'] !== undefined)
    return `<pre class="json">${escapeHtml(prettyJson(data['application/json']))}</pre>`;
  if (data['text/latex'] !== undefined) return `<pre class="latex">${escapeHtml(data['text/latex'])}</pre>`;
  return `<pre>${escapeHtml(data['text/plain'] ?? '')}</pre>`;
}

function tableHtml(table: TableData): string {
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  const shown =
    table.rows.length < table.total ? `first ${table.rows.length} of ${table.total} rows` : `${table.total} rows`;
  const caption = `${table.title ? `${escapeHtml(table.title)} · ` : ''}${shown}`;
  return `<table class="data"><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function ansiHtml(text: string): string {
  const ansi = new AnsiUp();
  ansi.use_classes = true;
  return ansi.ansi_to_html(text);
}
