import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, writeNotebook } from './support/fixtures.ts';
import { NotebookPage } from './pages/notebook-page.ts';

test('the list page creates, opens, renames, duplicates and deletes notebooks', async ({ list, notebook, page }) => {
  await list.open();
  await page.getByTestId('new-notebook').click();
  await notebook.waitReady();
  const name = (await page.getByTestId('notebook-page').getAttribute('data-notebook'))!;
  expect(name).toMatch(/\.ipynb$/);
  await page.getByTestId('back-to-list').click();
  await expect(list.row(name)).toBeVisible();
  const renamed = `renamed-${Date.now()}.ipynb`;
  await list.rename(name, renamed);
  await expect(list.row(name)).toHaveCount(0);
  await list.duplicate(renamed);
  const copies = (await list.names()).filter((n) => n !== renamed && n.includes('renamed-'));
  expect(copies).toHaveLength(1);
  await list.remove(copies[0]!);
  await list.row(renamed).getByTestId('open-notebook').click();
  await notebook.waitReady(renamed);
});

test('saves, reloads and shows the same notebook; unknown metadata survives', async ({ notebook, page, relay }) => {
  const name = writeNotebook(relay, [{ source: '"kept"' }, { type: 'markdown', source: '# Notes' }]);
  const file = path.join(relay.dir, name);
  const original = JSON.parse(readFileSync(file, 'utf8'));
  original.metadata.otherTool = { setting: 42 };
  original.cells[0].metadata.tags = ['keep-me'];
  writeFileSync(file, JSON.stringify(original));
  await notebook.open(name);
  await notebook.cell(0).runAndWait();
  await notebook.cell(1).select();
  await notebook.command('b');
  await notebook.cell(2).type('const added = 1');
  await expect(page.getByTestId('dirty-marker')).toBeVisible();
  await notebook.waitSaved();
  await expect(page.getByTestId('dirty-marker')).toBeHidden();

  const saved = JSON.parse(readFileSync(file, 'utf8'));
  expect(saved.metadata.otherTool).toEqual({ setting: 42 });
  expect(saved.cells[0].metadata.tags).toEqual(['keep-me']);
  expect(saved.cells.map((c: { id: string }) => c.id).slice(0, 2)).toEqual(['c0', 'c1']);
  expect(saved.nbformat_minor).toBeGreaterThanOrEqual(5);

  await page.reload();
  await notebook.waitReady(name);
  expect(await notebook.sources()).toEqual(['"kept"', '# Notes', 'const added = 1']);
  await expect(notebook.cell(0).outputs).toHaveText("'kept'");
  await expect(notebook.cell(0).prompt).toHaveText('[1]:');
  await expect(notebook.cell(1).renderedMarkdown.locator('h1')).toHaveText('Notes');
  await notebook.screenshot('reloaded');
});

test('warns before leaving with unsaved changes', async ({ notebook, page }) => {
  await notebook.create([{ source: '' }]);
  await notebook.cell(0).type('const unsaved = 1');
  await expect(page.getByTestId('dirty-marker')).toBeVisible();
  const dialog = page.waitForEvent('dialog');
  await page.close({ runBeforeUnload: true });
  const shown = await dialog;
  expect(shown.type()).toBe('beforeunload');
  await shown.dismiss();
});

test('a conflicting save from a second page is detected and the user chooses', async ({
  notebook,
  page,
  browser,
  relay,
}) => {
  const name = await notebook.create([{ source: 'const version = "first tab"' }]);
  const context = await browser.newContext();
  const second = new NotebookPage(await context.newPage(), relay);
  await second.open(name);
  await second.cell(0).setSource('const version = "second tab"');
  await second.waitSaved();

  await notebook.cell(0).setSource('const version = "first tab, edited"');
  await expect(page.getByTestId('dialog')).toContainText('changed on disk');
  await expect(page.getByTestId('status-save')).toHaveAttribute('data-state', 'conflict');
  expect(readFileSync(path.join(relay.dir, name), 'utf8')).toContain('second tab');
  await notebook.screenshot('save-conflict');
  await page.getByTestId('conflict-overwrite').click();
  await notebook.waitSaved();
  expect(readFileSync(path.join(relay.dir, name), 'utf8')).toContain('first tab, edited');

  // The second tab now conflicts in turn, and takes the file's version.
  await second.cell(0).setSource('const version = "second again"');
  await expect(second.page.getByTestId('dialog')).toBeVisible();
  await second.page.getByTestId('conflict-reload').click();
  await second.waitReady(name);
  expect(await second.sources()).toEqual(['const version = "first tab, edited"']);
  await context.close();
});
