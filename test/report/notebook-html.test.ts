import { describe, expect, it } from 'vitest';
import type { NotebookDoc } from '../../protocol/notebook-file.ts';
import type { CellOutput } from '../../protocol/outputs.ts';
import { TABLE_MIME } from '../../protocol/table-mime.ts';
import { notebookHtml } from '../../report/notebook-html.ts';

const PNG_1PX = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

function doc(cells: NotebookDoc['cells']): NotebookDoc {
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells };
}

function code(source: string, outputs: CellOutput[], count: number | null = 1): NotebookDoc['cells'][number] {
  return { id: `c${Math.random()}`, cell_type: 'code', source, metadata: {}, outputs, execution_count: count };
}

function display(data: Record<string, string>): CellOutput {
  return { output_type: 'display_data', data, metadata: {} };
}

describe('notebookHtml', () => {
  it('is one page with no script, whatever the notebook holds', () => {
    const html = notebookHtml(
      doc([
        {
          id: 'm',
          cell_type: 'markdown',
          metadata: {},
          source: '# Title\n\n<script>alert(1)</script><img src=x onerror=alert(2)>',
        },
        code('1', [
          display({
            'text/html': '<b>bold</b><script>alert(3)</script><iframe src="https://x"></iframe><form><input></form>',
          }),
        ]),
      ]),
    );
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>Title</title>');
    expect(html).not.toMatch(/<script|onerror|<iframe|<form/i);
    expect(html).toContain('<b>bold</b>');
    expect(html).toContain('Content-Security-Policy" content="default-src \'none\'');
  });

  it('keeps harmless styles and drops the ones that could cover the page', () => {
    const html = notebookHtml(
      doc([
        code('1', [
          display({
            'text/html': '<div style="position:fixed;inset:0;z-index:99999;color:red;background-color:#eee">x</div>',
          }),
        ]),
      ]),
    );
    expect(html).toMatch(/style="color:red;background-color:#eee"/);
    expect(html).not.toMatch(/position|z-index|inset/);
  });

  it('renders the kernel’s tables, saying how many rows are shown', () => {
    const table = {
      columns: ['key', 'value'],
      rows: [
        ['a', '1'],
        ['b', '2'],
      ],
      total: 5,
      title: 'java.util.HashMap',
    };
    const html = notebookHtml(
      doc([code('m', [display({ [TABLE_MIME]: JSON.stringify(table), 'text/plain': '{a=1}' })])]),
    );
    expect(html).toContain('<th>key</th><th>value</th>');
    expect(html).toContain('<td>b</td><td>2</td>');
    expect(html).toContain('java.util.HashMap · first 2 of 5 rows');
  });

  it('shows images inline, an SVG only as an image, and Markdown attachments', () => {
    const html = notebookHtml(
      doc([
        {
          id: 'm',
          cell_type: 'markdown',
          metadata: {},
          source: '![plot](attachment:plot.png) ![gone](attachment:missing.png)',
          attachments: { 'plot.png': { 'image/png': PNG_1PX } },
        } as NotebookDoc['cells'][number],
        code('1', [display({ 'image/png': PNG_1PX }), display({ 'image/svg+xml': '<svg onload="alert(1)"></svg>' })]),
      ]),
    );
    expect(html).toContain(`<img src="data:image/png;base64,${PNG_1PX}" alt="plot" />`);
    expect(html).toContain('<img alt="gone" />');
    expect(html).toContain(`<img alt="" src="data:image/png;base64,${PNG_1PX}">`);
    expect(html).toMatch(/<img alt="" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+">/);
    expect(html).not.toContain('<svg');
  });

  it('shows errors with their stack trace and ANSI colours as classes, not escape codes', () => {
    const error: CellOutput = {
      output_type: 'error',
      ename: 'java.lang.NumberFormatException',
      evalue: 'For input string: "x"',
      traceback: [
        '\u001b[31mjava.lang.NumberFormatException\u001b[0m: For input string: "x"',
        '\tat java.base/java.lang.Integer.parseInt(Integer.java:652)',
      ],
    };
    const stream: CellOutput = { output_type: 'stream', name: 'stderr', text: '\u001b[1;32mgreen\u001b[0m <tag>' };
    const html = notebookHtml(doc([code('x', [stream, error])]));
    expect(html).not.toContain('\u001b');
    expect(html).toMatch(/<span class="ansi-red-fg">java.lang.NumberFormatException<\/span>/);
    expect(html).toContain('at java.base/java.lang.Integer.parseInt(Integer.java:652)');
    expect(html).toContain('&lt;tag&gt;');
  });

  it('highlights code, and leaves it out with noInput while keeping the outputs', () => {
    const nb = doc([code("const s = 'x'; // note", [{ output_type: 'stream', name: 'stdout', text: 'printed' }], 3)]);
    const full = notebookHtml(nb);
    expect(full).toContain('<span class="prompt">[3]</span>');
    expect(full).toMatch(/<span class="hljs-keyword">const<\/span>/);
    expect(full).toMatch(/<span class="hljs-string">&#x27;x&#x27;<\/span>|<span class="hljs-string">'x'<\/span>/);
    const report = notebookHtml(nb, { noInput: true });
    expect(report).not.toContain('class="code hljs"');
    expect(report).toContain('printed');
  });
});
