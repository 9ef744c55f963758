import { test, expect, writeNotebook, collectPageErrors } from './support/fixtures.ts';

test('the command palette of a one-line cell overlays the page instead of being cut at the cell', async ({
  notebook,
  page,
  relay,
}) => {
  const errors = collectPageErrors(page);
  await notebook.open(writeNotebook(relay, [{ source: 'const a = 1' }, { source: 'const b = 2' }]));
  const cell = notebook.cell(0);
  await cell.edit();
  const cellBox = (await cell.root.boundingBox())!;
  await page.keyboard.press('F1');
  const palette = page.locator('.quick-input-widget');
  await expect(palette.locator('.monaco-list-row').first()).toBeVisible();
  await notebook.screenshot('command-palette');
  const paletteBox = (await palette.boundingBox())!;
  expect(paletteBox.height).toBeGreaterThan(cellBox.height * 3);
  // The bottom of the palette's list is what shows at that point: it is not cut at the cell.
  const shown = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x!, y!)?.closest('.quick-input-widget') !== null,
    [paletteBox.x + paletteBox.width / 2, paletteBox.y + paletteBox.height - 10],
  );
  expect(shown).toBe(true);
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  // Closed again, the cell has its own size and the next cell takes clicks.
  expect((await cell.root.boundingBox())!.height).toBe(cellBox.height);
  await notebook.cell(1).clickAt(1, 7);
  await page.keyboard.type('x');
  await expect(notebook.cell(1).editor).toContainText('const xb = 2');
  expect(errors).toEqual([]);
});

test('the find and replace widget of a one-line cell adds no blank band to the cell', async ({
  notebook,
  page,
  relay,
}) => {
  await notebook.open(writeNotebook(relay, [{ source: 'const a = 1' }]));
  const cell = notebook.cell(0);
  await cell.edit();
  const before = (await cell.editor.boundingBox())!.height;
  await page.keyboard.press('Control+H');
  const find = page.locator('.find-widget.visible');
  await expect(find).toBeVisible();
  await expect(find.locator('.replace-part')).toBeVisible();
  // The widget slides down from above the editor: wait until it rests on the editor's top.
  const editorTop = (await cell.editor.boundingBox())!.y;
  await expect.poll(async () => Math.round((await find.boundingBox())!.y - editorTop)).toBe(0);
  await notebook.screenshot('find-replace');
  expect((await cell.editor.boundingBox())!.height).toBe(before);
  const findBox = (await find.boundingBox())!;
  const hit = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x!, y!)?.closest('.find-widget') !== null,
    [findBox.x + findBox.width / 2, findBox.y + findBox.height - 5],
  );
  expect(hit).toBe(true);
});
