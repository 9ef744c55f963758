/**
 * The exported page as a reader sees it: opened from a file in Chromium with
 * JavaScript turned off, every output is there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';

const PNG_4PX = 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR42mP4z8AARwzEcQAA9o4H/dHppJMAAAAASUVORK5CYII=';

test('the exported HTML shows markdown, code, tables, images and Java stack traces with JavaScript off', async ({
  browser,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jvm-notebook-export-e2e-'));
  const notebook = path.join(dir, 'tour.ipynb');
  const table = { columns: ['value'], rows: [['alpha'], ['beta']], total: 2, title: 'java.util.ArrayList' };
  writeFileSync(
    notebook,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        { id: 'm', cell_type: 'markdown', metadata: {}, source: '# Tour\n\n| a | b |\n|---|---|\n| 1 | 2 |' },
        {
          id: 't',
          cell_type: 'code',
          metadata: {},
          source: 'list',
          execution_count: 1,
          outputs: [
            {
              output_type: 'execute_result',
              execution_count: 1,
              // On disk, JSON MIME data is JSON itself, as Jupyter writes it.
              data: { 'application/vnd.jvm-notebook.table+json': table, 'text/plain': '[alpha, beta]' },
              metadata: {},
            },
          ],
        },
        {
          id: 'i',
          cell_type: 'code',
          metadata: {},
          source: 'display(plot)',
          execution_count: 2,
          outputs: [{ output_type: 'display_data', data: { 'image/png': PNG_4PX }, metadata: {} }],
        },
        {
          id: 'e',
          cell_type: 'code',
          metadata: {},
          source: "await jvm.java.lang.Integer.parseInt('x')",
          execution_count: 3,
          outputs: [
            {
              output_type: 'error',
              ename: 'java.lang.NumberFormatException',
              evalue: 'For input string: "x"',
              traceback: [
                'java.lang.NumberFormatException: For input string: "x"',
                '\tat java.base/java.lang.Integer.parseInt(Integer.java:652)',
              ],
            },
          ],
        },
      ],
    }),
  );
  const html = path.join(dir, 'tour.html');
  execFileSync(process.execPath, ['bin/jvm-notebook.mjs', 'export', notebook, '--html', html]);

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pathToFileURL(html).href);
  await expect(page.locator('h1')).toHaveText('Tour');
  await expect(page.locator('.markdown table td')).toHaveText(['1', '2']);
  await expect(page.locator('table.data td')).toHaveText(['alpha', 'beta']);
  await expect(page.locator('table.data caption')).toHaveText('java.util.ArrayList · 2 rows');
  await expect(page.locator('.output.error')).toContainText('at java.base/java.lang.Integer.parseInt');
  const image = page.locator('.output img');
  await expect(image).toBeVisible();
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(4);
  await page.screenshot({ path: test.info().outputPath('export.png'), fullPage: true });
  await context.close();
});
