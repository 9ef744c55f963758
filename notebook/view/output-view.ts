/**
 * Renders a code cell's outputs: streams (stderr apart), results and displays
 * (table, HTML, Markdown or text, richest first), and errors with their
 * traceback. Long text is cut to a bounded size with a button to see more, so
 * a cell that prints a million lines never freezes the page.
 */
import type { CellOutput } from '../../protocol/outputs.ts';
import { renderMarkdown, sanitizeHtml } from './markdown.ts';
import { parseTable, TABLE_MIME, type TableData } from '../../protocol/table-mime.ts';
import { truncate } from './truncate.ts';

const INITIAL_LINES = 200;
const INITIAL_CHARS = 20_000;

export function renderOutputs(container: HTMLElement, outputs: readonly CellOutput[]): void {
  container.replaceChildren(...outputs.map(renderOutput));
  container.hidden = outputs.length === 0;
}

export function renderOutput(output: CellOutput): HTMLElement {
  switch (output.output_type) {
    case 'stream':
      return textBlock(output.text, `output output-stream output-${output.name}`, `output-${output.name}`);
    case 'error':
      return errorBlock(output.ename, output.evalue, output.traceback);
    case 'execute_result':
    case 'display_data':
      return richBlock(output.data, output.output_type === 'execute_result' ? 'output-result' : 'output-display');
  }
}

function richBlock(data: Record<string, string>, testId: string): HTMLElement {
  const table = data[TABLE_MIME];
  if (table !== undefined) {
    const parsed = parseTable(table);
    if (parsed) return tableBlock(parsed, testId);
  }
  const html = data['text/html'];
  if (html !== undefined) {
    const div = el('div', `output output-html`, testId);
    div.dataset.mime = 'text/html';
    div.innerHTML = sanitizeHtml(html);
    return div;
  }
  const md = data['text/markdown'];
  if (md !== undefined) {
    const div = el('div', `output output-markdown markdown-body`, testId);
    div.dataset.mime = 'text/markdown';
    div.innerHTML = renderMarkdown(md);
    return div;
  }
  return textBlock(data['text/plain'] ?? '', `output output-text`, testId);
}

function tableBlock(table: TableData, testId: string): HTMLElement {
  const wrap = el('div', 'output output-table', testId);
  wrap.dataset.mime = TABLE_MIME;
  const element = document.createElement('table');
  const head = element.createTHead().insertRow();
  for (const column of ['', ...table.columns]) {
    const th = document.createElement('th');
    th.textContent = column;
    head.append(th);
  }
  const body = element.createTBody();
  table.rows.forEach((row, index) => {
    const tr = body.insertRow();
    tr.insertCell().textContent = String(index);
    for (const cell of row) tr.insertCell().textContent = typeof cell === 'string' ? cell : JSON.stringify(cell);
  });
  const caption = el('div', 'table-count', 'table-count');
  const count =
    table.total > table.rows.length
      ? `first ${table.rows.length} of ${table.total} rows`
      : `${table.total} row${table.total === 1 ? '' : 's'}`;
  caption.textContent = table.title ? `${table.title} · ${count}` : count;
  wrap.append(element, caption);
  return wrap;
}

function errorBlock(ename: string, evalue: string, traceback: readonly string[]): HTMLElement {
  const div = el('div', 'output output-error', 'output-error');
  div.dataset.ename = ename;
  const title = el('div', 'error-title', 'error-title');
  title.textContent = evalue ? `${ename}: ${evalue}` : ename;
  div.append(title);
  // The first traceback line repeats the title; the rest is the location and the Java stack trace.
  const rest = traceback[0]?.includes(evalue) ? traceback.slice(1) : traceback;
  if (rest.length > 0) div.append(textBlock(rest.join('\n'), 'error-traceback', 'error-traceback'));
  return div;
}

/** A <pre> showing at most a bounded part of `text`, with a button that shows more. */
function textBlock(text: string, className: string, testId: string): HTMLElement {
  const pre = el('pre', className, testId);
  let limitLines = INITIAL_LINES;
  let limitChars = INITIAL_CHARS;
  const render = () => {
    const { shown, hiddenLines, hiddenChars } = truncate(text, limitLines, limitChars);
    pre.textContent = shown;
    if (hiddenChars > 0) {
      const more = el('button', 'show-more', 'show-more');
      more.type = 'button';
      more.textContent =
        hiddenLines > 0
          ? `… ${hiddenLines.toLocaleString('en')} more lines — show more`
          : `… ${hiddenChars.toLocaleString('en')} more characters — show more`;
      more.addEventListener('click', () => {
        limitLines *= 5;
        limitChars *= 5;
        render();
      });
      pre.append('\n', more);
    }
  };
  render();
  return pre;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  testId: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  element.className = className;
  element.dataset.testid = testId;
  return element;
}
