import { test, expect, writeNotebook, collectPageErrors, savedSources } from './support/fixtures.ts';

test('a notebook opened again from the list in the same tab can be edited, in its cells and in a new one', async ({
  list,
  notebook,
  page,
  relay,
}) => {
  const errors = collectPageErrors(page);
  const name = writeNotebook(relay, [{ source: 'const first = 1;' }, { source: 'const second = 2;' }]);
  await list.open();
  await list.openNotebook(name);
  await notebook.waitReady(name);
  await notebook.cell(0).clickAt(1, 7);
  await list.backFromNotebook();

  await list.openNotebook(name);
  await notebook.waitReady(name);
  await notebook.cell(1).clickAt(1, 7);
  await page.keyboard.type('re');
  await expect(notebook.cell(1).editor).toContainText('const resecond = 2;');
  await notebook.command('b');
  await expect(notebook.cells).toHaveCount(3);
  await page.keyboard.press('Enter');
  await expect(notebook.cell(2).root.locator('.live-editor .monaco-editor.focused')).toBeVisible();
  await page.keyboard.type('const third = 3;');
  await expect(notebook.cell(2).editor).toContainText('const third = 3;');

  await expect
    .poll(() => savedSources(relay, name), { timeout: 20_000 })
    .toEqual(['const first = 1;', 'const resecond = 2;', 'const third = 3;']);
  expect(errors).toEqual([]);
});

test('undoing the delete of a middle cell brings it back with its source, selected', async ({
  notebook,
  page,
  relay,
}) => {
  const name = writeNotebook(relay, [
    { source: 'const a = 1;' },
    { source: 'const b = 2;' },
    { source: 'const c = 3;' },
    { source: 'const d = 4;' },
  ]);
  await notebook.open(name);
  await notebook.cell(1).clickAt(1, 7);
  await notebook.command('d', 'd');
  await expect(notebook.cells).toHaveCount(3);
  await expect.poll(() => savedSources(relay, name), { timeout: 20_000 }).toHaveLength(3);

  await page.keyboard.press('z');
  await expect(notebook.cells).toHaveCount(4);
  expect(await notebook.sources()).toEqual(['const a = 1;', 'const b = 2;', 'const c = 3;', 'const d = 4;']);
  await expect(notebook.cell(1).root.getByTestId('static-code')).toBeVisible();
  expect(await notebook.selectedIndex()).toBe(1);
  await notebook.screenshot('undo-delete');

  // The restored cell's editor holds its source too: editing it appends to that source.
  await page.keyboard.press('Enter');
  await expect(notebook.cell(1).root.locator('.live-editor .monaco-editor.focused')).toBeVisible();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' // back');
  await expect(notebook.cell(1).editor).toContainText('const b = 2; // back');
  await expect
    .poll(() => savedSources(relay, name), { timeout: 20_000 })
    .toEqual(['const a = 1;', 'const b = 2; // back', 'const c = 3;', 'const d = 4;']);
});

test('a click in a cell puts the caret where the user clicked, also when the editor moves from another cell', async ({
  notebook,
  page,
  relay,
}) => {
  const lines = ['const one = 1;', 'const middle = 2;', 'const three = 3;'];
  const name = writeNotebook(relay, [{ source: lines.join('\n') }, { source: lines.join('\n') }]);
  await notebook.open(name);
  // Column 10 is the middle of "middle" on line 2.
  await notebook.cell(0).clickAt(2, 10);
  await page.keyboard.type('X');
  await notebook.cell(1).clickAt(2, 10);
  await page.keyboard.type('Y');
  await expect(notebook.cell(1).editor).toContainText('const midYdle = 2;');

  await expect
    .poll(() => savedSources(relay, name), { timeout: 20_000 })
    .toEqual([
      ['const one = 1;', 'const midXdle = 2;', 'const three = 3;'].join('\n'),
      ['const one = 1;', 'const midYdle = 2;', 'const three = 3;'].join('\n'),
    ]);
});

test('top-level await using, as the cell API documents it, is not marked as an error', async ({ notebook, page }) => {
  await notebook.create([
    {
      source: [
        '{',
        '  await using tmp = await new jvm.java.util.ArrayList(); // released at the closing brace',
        "  await tmp.add('x');",
        '}',
        'await using kept = await new jvm.java.util.HashMap();',
      ].join('\n'),
    },
  ]);
  const cell = notebook.cell(0);
  await cell.type('\nnotDeclaredAnywhere');
  // Diagnostics have run once the one real error is marked, and nothing else is.
  const errors = cell.editor.locator('.squiggly-error');
  await expect(errors).toHaveCount(1, { timeout: 30_000 });
  await errors.first().hover({ force: true });
  await expect(page.locator('.monaco-hover:not(.hidden)')).toContainText("Cannot find name 'notDeclaredAnywhere'");
  await page.mouse.move(0, 0);
  for (let i = 0; i <= 'notDeclaredAnywhere'.length; i++) await page.keyboard.press('Backspace');
  await expect(cell.editor.locator('.view-lines')).not.toContainText('notDeclared');
  await expect(errors).toHaveCount(0, { timeout: 30_000 });
});
