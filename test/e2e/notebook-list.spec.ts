import { existsSync } from 'node:fs';
import path from 'node:path';
import { test, expect, writeNotebook } from './support/fixtures.ts';

test('rename pre-selects the base name and adds .ipynb to a name typed without it', async ({ list, page, relay }) => {
  const name = writeNotebook(relay, [{ source: 'const kept = 1' }], `draft-${Date.now()}.ipynb`);
  const report = `report-${Date.now()}`;
  await list.open();
  const input = await list.startRename(name);
  const selected = await input.evaluate((field: HTMLInputElement) =>
    field.value.slice(field.selectionStart ?? 0, field.selectionEnd ?? 0),
  );
  expect(selected).toBe(name.replace(/\.ipynb$/, ''));

  // The whole name replaced by one without the extension, as a user who clears the field types it.
  await page.keyboard.press('Control+A');
  await page.keyboard.type(report);
  await page.keyboard.press('Enter');
  await expect(list.row(`${report}.ipynb`)).toBeVisible();
  await expect(list.row(name)).toHaveCount(0);
  expect(existsSync(path.join(relay.dir, `${report}.ipynb`))).toBe(true);
  expect(existsSync(path.join(relay.dir, name))).toBe(false);
});

test('typing over the pre-selected base name keeps the extension', async ({ list, page, relay }) => {
  const name = writeNotebook(relay, [{ source: '' }], `old-${Date.now()}.ipynb`);
  const fresh = `fresh-${Date.now()}`;
  await list.open();
  await list.startRename(name);
  await page.keyboard.type(fresh);
  await page.keyboard.press('Enter');
  await expect(list.row(`${fresh}.ipynb`)).toBeVisible();
  expect(existsSync(path.join(relay.dir, `${fresh}.ipynb`))).toBe(true);
});
