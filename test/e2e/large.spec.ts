import { test, expect } from './support/fixtures.ts';

test('a 200-cell notebook opens quickly, scrolls, edits and runs', async ({ notebook, page }) => {
  const cells = Array.from({ length: 200 }, (_, i) =>
    i % 10 === 0
      ? { type: 'markdown' as const, source: `## Section ${i / 10}` }
      : { source: `const v${i} = ${i};\nv${i} * 2` },
  );
  const name = await notebook.create(cells);
  // Time the opening with the page's own clock, from navigation start.
  await page.reload();
  await notebook.waitReady(name);
  const openedMs = await page.evaluate(() => performance.now());
  expect(openedMs).toBeLessThan(5000);
  await expect(notebook.cells).toHaveCount(200);
  await expect(page.getByTestId('cells')).toHaveAttribute('data-editor-ready', 'true');
  // No editor is mounted until a cell is edited; then exactly one.
  await expect(page.locator('.monaco-editor')).toHaveCount(0);

  await notebook.cell(0).select();
  await notebook.command('End');
  expect(await notebook.selectedIndex()).toBe(199);
  await expect(notebook.cell(199).root).toBeInViewport();
  await expect(notebook.cell(199).root.locator('.static-code span')).not.toHaveCount(0);
  await expect(notebook.cell(190).renderedMarkdown.locator('h2')).toHaveText('Section 19');
  await notebook.cell(151).type(' + 1');
  await expect(page.locator('.monaco-editor')).toHaveCount(1);
  await notebook.cell(11).type(' + 1');
  await expect(page.locator('.monaco-editor')).toHaveCount(1);

  const started = Date.now();
  await notebook.button('run-all');
  await notebook.waitIdle();
  const ranMs = Date.now() - started;
  await expect(notebook.cell(199).outputs).toHaveText('398');
  await expect(notebook.cell(151).outputs).toHaveText('303');
  await expect(notebook.cell(11).outputs).toHaveText('23');
  await expect(notebook.cell(199).prompt).toHaveText('[180]:');
  expect(ranMs).toBeLessThan(30_000);
  await notebook.screenshot('large-notebook');
  console.log(`200-cell notebook: opened in ${Math.round(openedMs)} ms; ran 180 code cells in ${ranMs} ms`);
});
