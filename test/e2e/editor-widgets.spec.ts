import { test, expect, writeNotebook } from './support/fixtures.ts';

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
