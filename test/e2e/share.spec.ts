/**
 * Sharing the open notebook: the `.ipynb` download (with outputs or without)
 * and the HTML export, read back from the files the browser downloaded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './support/fixtures.ts';
import { NotebookShare } from './pages/notebook-share.ts';

interface FileCell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

const CELLS = [
  { type: 'markdown' as const, source: '# Shared\n\nA list of two.' },
  {
    source:
      "const list = await new jvm.java.util.ArrayList();\nawait list.add('alpha');\nawait list.add('beta');\nlist",
  },
];

function cellsOf(text: string): FileCell[] {
  return (JSON.parse(text) as { cells: FileCell[] }).cells;
}

/** A cell's source as one string: files hold multi-line sources as lists of lines, as Jupyter writes them. */
function sourceOf(cell: FileCell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

test('downloads the notebook with its outputs, byte for byte the saved file', async ({ notebook, relay, page }) => {
  const name = await notebook.create(CELLS);
  await notebook.cell(1).runAndWait();
  await notebook.waitSaved();

  const file = await new NotebookShare(page).download(true);

  expect(file.fileName).toBe(name);
  expect(file.text).toBe(readFileSync(path.join(relay.dir, name), 'utf8'));
  const cells = cellsOf(file.text);
  expect(cells.map(sourceOf)).toEqual(CELLS.map((cell) => cell.source));
  expect(cells[1]!.execution_count).toBe(1);
  expect(JSON.stringify(cells[1]!.outputs)).toContain('alpha');
});

test('downloads the notebook without outputs and execution counts', async ({ notebook, page }) => {
  const name = await notebook.create(CELLS);
  await notebook.cell(1).runAndWait();
  await notebook.waitSaved();

  const file = await new NotebookShare(page).download(false);

  expect(file.fileName).toBe(name.replace(/\.ipynb$/, '.no-outputs.ipynb'));
  const cells = cellsOf(file.text);
  expect(cells.map(sourceOf)).toEqual(CELLS.map((cell) => cell.source));
  expect(cells[1]!.outputs).toEqual([]);
  expect(cells[1]!.execution_count).toBeNull();
});

test('saves unsaved edits before downloading them', async ({ notebook, relay, page }) => {
  const name = await notebook.create([{ source: '1 + 1' }]);
  await notebook.cell(0).setSource('1 + 41');
  // Not saved yet (autosave waits 1.5 s): the download itself must save it.
  await expect(page.getByTestId('dirty-marker')).toBeVisible();

  const file = await new NotebookShare(page).download(true);

  expect(sourceOf(cellsOf(file.text)[0]!)).toBe('1 + 41');
  expect(file.text).toBe(readFileSync(path.join(relay.dir, name), 'utf8'));
});

test('exports the notebook as a static HTML page with its rendered outputs and no script', async ({
  notebook,
  page,
}) => {
  const name = await notebook.create(CELLS);
  await notebook.cell(1).runAndWait();
  await notebook.waitSaved();

  const file = await new NotebookShare(page).exportHtml();

  expect(file.fileName).toBe(name.replace(/\.ipynb$/, '.html'));
  expect(file.text).toContain('<h1>Shared</h1>');
  expect(file.text).toContain('<td>alpha</td>');
  expect(file.text).toContain('<td>beta</td>');
  expect(file.text).toContain('java.util.ArrayList · 2 rows');
  expect(file.text).not.toMatch(/<script/i);
});
