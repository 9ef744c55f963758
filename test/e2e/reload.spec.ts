import { test, expect, writeNotebook, savedCells } from './support/fixtures.ts';

test('a cell keeps its duration and counter across a reload, and the reloaded notebook says it is saved', async ({
  notebook,
  page,
  relay,
}) => {
  const name = writeNotebook(relay, [{ source: 'await jvm.java.lang.Thread.sleep(300)' }]);
  await notebook.open(name);
  const cell = notebook.cell(0);
  await cell.runAndWait();
  await expect(cell.duration).toHaveText(/^\d+ ms$/);
  const ran = parseInt((await cell.duration.textContent())!, 10);
  expect(ran).toBeGreaterThanOrEqual(300);
  await notebook.waitSaved();
  const [saved] = savedCells(relay, name);
  expect(saved!.execution_count).toBe(1);
  expect(Object.keys(saved!.metadata['execution'] as object)).toEqual(['iopub.execute_input', 'shell.execute_reply']);

  await page.reload();
  await notebook.waitReady(name);
  await expect(cell.prompt).toHaveText('[1]:');
  await expect(cell.duration).toHaveText(/^\d+ ms$/);
  // The file keeps milliseconds: the shown duration may differ from the live one by rounding.
  expect(Math.abs(parseInt((await cell.duration.textContent())!, 10) - ran)).toBeLessThanOrEqual(1);
  await expect(page.getByTestId('status-save')).toHaveAttribute('data-state', 'saved');
  await expect(page.getByTestId('status-save')).toHaveText('All changes saved');
  await expect(page.getByTestId('dirty-marker')).toBeHidden();
});

test('text typed just before a reload is still there after it', async ({ notebook, page, relay }) => {
  const name = writeNotebook(relay, [{ source: 'const a = 1' }]);
  await notebook.open(name);
  const cell = notebook.cell(0);
  await cell.edit();
  await page.keyboard.type(' + 41');
  // Reloaded at once: sooner than the browser copy's own timer and the autosave would write.
  await page.reload();
  await notebook.waitReady(name);
  await expect(cell.root.getByTestId('static-code')).toHaveText('const a = 1 + 41');
  await notebook.waitSaved();
  expect(savedCells(relay, name)[0]!.source).toEqual(['const a = 1 + 41']);
});
