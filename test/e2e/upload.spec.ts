/**
 * Uploading `.ipynb` files into the folder from the notebook list: through the
 * picker and by drag-and-drop, refusing invalid files with their reason, and
 * a name clash answered by keeping both or replacing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, writeNotebook } from './support/fixtures.ts';
import { NotebookUploadPanel } from './pages/notebook-upload.ts';
import type { RelayProcess } from './support/relay-process.ts';

let counter = 0;

function uniqueName(base: string): string {
  return `${base}-${Date.now()}-${counter++}.ipynb`;
}

/** A notebook file's text with one code cell per source. */
function notebookText(...sources: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: sources.map((source, index) => ({
      id: `u${index}`,
      cell_type: 'code',
      metadata: {},
      source,
      outputs: [],
      execution_count: null,
    })),
  });
}

/** The sources of a notebook in the relay's folder, each as one string. */
function sourcesOnDisk(relay: RelayProcess, name: string): string[] {
  const cells = (
    JSON.parse(readFileSync(path.join(relay.dir, name), 'utf8')) as { cells: { source: string | string[] }[] }
  ).cells;
  return cells.map((cell) => (Array.isArray(cell.source) ? cell.source.join('') : cell.source));
}

test('uploads the files chosen in the picker and opens one from the list', async ({ list, notebook, page, relay }) => {
  const first = uniqueName('picked');
  const second = uniqueName('picked');
  await list.open();

  await new NotebookUploadPanel(page).pick([
    { name: first, text: notebookText('const picked = 1') },
    { name: second, text: notebookText('const other = 2') },
  ]);

  await expect(list.row(first)).toBeVisible();
  await expect(list.row(second)).toBeVisible();
  expect(sourcesOnDisk(relay, first)).toEqual(['const picked = 1']);
  await list.openNotebook(first);
  await notebook.waitReady(first);
  expect(await notebook.sources()).toEqual(['const picked = 1']);
});

test('uploads files dropped on the list page', async ({ list, page, relay }) => {
  const name = uniqueName('dropped');
  await list.open();

  await new NotebookUploadPanel(page).drop([{ name, text: notebookText('const dropped = true') }]);

  await expect(list.row(name)).toBeVisible();
  expect(sourcesOnDisk(relay, name)).toEqual(['const dropped = true']);
});

test('refuses invalid files with their name and reason and writes nothing for them', async ({ list, page, relay }) => {
  const broken = uniqueName('broken');
  const old = uniqueName('old-format');
  const good = uniqueName('good');
  await list.open();
  const before = readdirSync(relay.dir);
  const upload = new NotebookUploadPanel(page);

  await upload.pick([
    { name: broken, text: '{"nbformat": 4, "cells": [' },
    { name: old, text: JSON.stringify({ nbformat: 3, nbformat_minor: 0, metadata: {}, worksheets: [] }) },
    { name: good, text: notebookText('const fine = 1') },
  ]);

  await expect(list.row(good)).toBeVisible();
  await upload.expectRefused(2);
  await expect(upload.refusals.nth(0)).toContainText(`${broken}: invalid JSON`);
  await expect(upload.refusals.nth(1)).toContainText(`${old}: nbformat 3 is not supported`);
  expect(readdirSync(relay.dir).sort()).toEqual([...before, good].sort());
  await expect(list.row(broken)).toHaveCount(0);
  await expect(list.row(old)).toHaveCount(0);
});

test('a name clash answered "keep both" keeps the old notebook and writes the upload under a free name', async ({
  list,
  page,
  relay,
}) => {
  const name = writeNotebook(relay, [{ source: 'const original = 1' }], uniqueName('clash'));
  const kept = name.replace(/\.ipynb$/, '-1.ipynb');
  await list.open();
  const upload = new NotebookUploadPanel(page);

  await upload.pick([{ name, text: notebookText('const uploaded = 2') }]);
  await upload.answerClash('keep-both');

  await expect(list.row(kept)).toBeVisible();
  await expect(list.row(name)).toBeVisible();
  expect(sourcesOnDisk(relay, name)).toEqual(['const original = 1']);
  expect(sourcesOnDisk(relay, kept)).toEqual(['const uploaded = 2']);
});

test('a name clash answered "replace" writes the upload over the notebook', async ({ list, page, relay }) => {
  const name = writeNotebook(relay, [{ source: 'const original = 1' }], uniqueName('replaced'));
  await list.open();
  const upload = new NotebookUploadPanel(page);

  await upload.pick([{ name, text: notebookText('const uploaded = 2') }]);
  await upload.answerClash('replace');

  await expect.poll(() => sourcesOnDisk(relay, name)).toEqual(['const uploaded = 2']);
  await expect(list.row(name)).toBeVisible();
  expect(readdirSync(relay.dir).filter((file) => file.startsWith(name.replace(/\.ipynb$/, '')))).toEqual([name]);
});

test('a name clash answered "cancel" writes nothing', async ({ list, page, relay }) => {
  const name = writeNotebook(relay, [{ source: 'const original = 1' }], uniqueName('cancelled'));
  await list.open();
  const before = readdirSync(relay.dir).sort();
  const upload = new NotebookUploadPanel(page);

  await upload.pick([{ name, text: notebookText('const uploaded = 2') }]);
  await upload.answerClash('cancel');

  await expect(page.getByTestId('dialog')).toHaveCount(0);
  await expect(list.row(name)).toBeVisible();
  expect(readdirSync(relay.dir).sort()).toEqual(before);
  expect(sourcesOnDisk(relay, name)).toEqual(['const original = 1']);
});
