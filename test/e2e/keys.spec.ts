import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect } from './support/fixtures.ts';

// Jupyter's command-mode keys, one test per group, each on a fresh notebook.

test('Enter edits the selected cell and Escape returns to command mode', async ({ notebook, page }) => {
  await notebook.create([{ source: '1 + 1' }, { source: '2 + 2' }]);
  await notebook.cell(1).select();
  await page.keyboard.press('Enter');
  await expect(notebook.cell(1).root.locator('.monaco-editor.focused')).toBeVisible();
  await expect(page.getByTestId('cells')).toHaveAttribute('data-mode', 'edit');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('cells')).toHaveAttribute('data-mode', 'command');
  await expect(notebook.cell(1).root).toBeFocused();
});

test('A and B insert cells above and below; J, K and the arrows move the selection', async ({ notebook, page }) => {
  await notebook.create([{ source: 'first' }]);
  await notebook.cell(0).select();
  await notebook.command('a');
  await expect(notebook.cells).toHaveCount(2);
  expect(await notebook.selectedIndex()).toBe(0);
  expect(await notebook.sources()).toEqual(['', 'first']);
  await notebook.command('j');
  expect(await notebook.selectedIndex()).toBe(1);
  await notebook.command('b');
  await expect(notebook.cells).toHaveCount(3);
  expect(await notebook.selectedIndex()).toBe(2);
  await notebook.command('k');
  expect(await notebook.selectedIndex()).toBe(1);
  await notebook.command('ArrowUp');
  expect(await notebook.selectedIndex()).toBe(0);
  await notebook.command('ArrowDown', 'ArrowDown');
  expect(await notebook.selectedIndex()).toBe(2);
  await expect(page.getByTestId('dirty-marker')).toBeVisible();
});

test('D D deletes, X cuts, C copies, V and Shift+V paste, Z undoes', async ({ notebook }) => {
  await notebook.create([{ source: 'one' }, { source: 'two' }, { source: 'three' }]);
  await notebook.cell(0).select();
  await notebook.command('d');
  await expect(notebook.cells).toHaveCount(3);
  await notebook.command('d', 'd');
  expect(await notebook.sources()).toEqual(['two', 'three']);
  await notebook.command('z');
  expect(await notebook.sources()).toEqual(['one', 'two', 'three']);

  await notebook.cell(1).select();
  await notebook.command('x');
  expect(await notebook.sources()).toEqual(['one', 'three']);
  await notebook.command('v');
  expect(await notebook.sources()).toEqual(['one', 'three', 'two']);

  await notebook.cell(0).select();
  await notebook.command('c', 'Shift+V');
  expect(await notebook.sources()).toEqual(['one', 'one', 'three', 'two']);
  const ids = await notebook.cells.evaluateAll((cells) => cells.map((c) => (c as HTMLElement).dataset.cellId));
  expect(new Set(ids).size).toBe(4);
  // Undo walks back the paste above, the paste below, and the cut.
  await notebook.command('z', 'z', 'z');
  expect(await notebook.sources()).toEqual(['one', 'two', 'three']);
});

test('M and Y change the cell type; a Markdown cell renders when run', async ({ notebook, page }) => {
  await notebook.create([{ source: '' }]);
  const cell = notebook.cell(0);
  await cell.select();
  await notebook.command('m');
  await expect(cell.root).toHaveAttribute('data-cell-type', 'markdown');
  await cell.type(
    '# Shopping list\n\nSome *emphasis* and `code`.\n\n<img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script>',
  );
  await page.keyboard.press('Shift+Enter');
  await expect(cell.renderedMarkdown.locator('h1')).toHaveText('Shopping list');
  await expect(cell.renderedMarkdown.locator('em')).toHaveText('emphasis');
  await expect(cell.renderedMarkdown.locator('script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await notebook.screenshot('markdown-rendered');
  await cell.select();
  await notebook.command('y');
  await expect(cell.root).toHaveAttribute('data-cell-type', 'code');
  await expect(cell.root.getByTestId('static-code')).toContainText('# Shopping list');
});

test('Shift+Enter runs and selects below, Ctrl+Enter runs in place, Alt+Enter runs and inserts', async ({
  notebook,
  page,
}) => {
  await notebook.create([{ source: '40 + 2' }, { source: '"second"' }]);
  await notebook.cell(0).select();
  await page.keyboard.press('Shift+Enter');
  await notebook.cell(0).waitForCount(1);
  await expect(notebook.cell(0).outputs).toHaveText('42');
  expect(await notebook.selectedIndex()).toBe(1);

  await page.keyboard.press('Control+Enter');
  await notebook.cell(1).waitForCount(2);
  await expect(notebook.cell(1).outputs).toHaveText("'second'");
  expect(await notebook.selectedIndex()).toBe(1);
  await expect(notebook.cells).toHaveCount(2);

  await page.keyboard.press('Alt+Enter');
  await notebook.cell(1).waitForCount(3);
  await expect(notebook.cells).toHaveCount(3);
  expect(await notebook.selectedIndex()).toBe(2);
  await expect(notebook.cell(2).root.locator('.monaco-editor.focused')).toBeVisible();
  await notebook.cell(2).type('"typed after Alt+Enter"');
  await page.keyboard.press('Shift+Enter');
  await notebook.cell(2).waitForCount(4);
  await expect(notebook.cells).toHaveCount(4);
});

test('I I interrupts a cell waiting on Java and keeps the session', async ({ notebook, page }) => {
  await notebook.create([
    { source: 'const kept = 7' },
    { source: 'await jvm.java.lang.Thread.sleep(60000)' },
    { source: 'kept * 6' },
  ]);
  await notebook.cell(0).runAndWait();
  await notebook.cell(1).select();
  await page.keyboard.press('Control+Enter');
  await expect(notebook.cell(1).root).toHaveAttribute('data-state', 'running');
  await notebook.command('i', 'i');
  await expect(notebook.cell(1).root).toHaveAttribute('data-state', 'idle');
  await expect(notebook.cell(1).root).toHaveAttribute('data-status', 'interrupted');
  await expect(notebook.cell(1).outputs).toContainText('interrupted');
  await notebook.cell(2).select();
  await page.keyboard.press('Control+Enter');
  await notebook.cell(2).waitForCount(3);
  await expect(notebook.cell(2).outputs).toHaveText('42');
});

test('0 0 restarts the session after confirmation', async ({ notebook, page }) => {
  await notebook.create([
    { source: 'const gone = keep(await new jvm.java.lang.StringBuilder("x"))' },
    { source: 'typeof gone' },
  ]);
  await notebook.cell(0).runAndWait();
  await expect.poll(() => notebook.liveObjects()).toBeGreaterThan(0);
  await notebook.cell(1).select();
  await notebook.command('0', '0');
  await expect(page.getByTestId('dialog')).toBeVisible();
  await notebook.screenshot('restart-dialog');
  await page.getByTestId('confirm-restart').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Session restarted' })).toBeVisible();
  await expect.poll(() => notebook.liveObjects()).toBe(0);
  await page.keyboard.press('Control+Enter');
  await notebook.cell(1).waitForCount(1);
  await expect(notebook.cell(1).outputs).toHaveText("'undefined'");
});

test('Ctrl+S saves in command and edit mode', async ({ notebook, page, relay }) => {
  const name = await notebook.create([{ source: '' }]);
  await notebook.cell(0).type('const saved = "by ctrl-s"');
  await page.keyboard.press('Control+S');
  await notebook.waitSaved();
  await expect(page.getByTestId('dirty-marker')).toBeHidden();
  expect(readFileSync(path.join(relay.dir, name), 'utf8')).toContain('by ctrl-s');
  await notebook.command('b');
  await page.keyboard.press('Control+S');
  await notebook.waitSaved();
  expect(JSON.parse(readFileSync(path.join(relay.dir, name), 'utf8')).cells).toHaveLength(2);
});
