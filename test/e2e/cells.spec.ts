import { test, expect } from './support/fixtures.ts';

test('writes and runs cells that share Java objects across cells', async ({ notebook, page }) => {
  await notebook.create([{ source: '' }]);
  const first = notebook.cell(0);
  await first.type("const list = await new jvm.java.util.ArrayList();\nawait list.add('alpha');\nawait list.add('beta');\nlist");
  await page.keyboard.press('Shift+Enter');
  await first.waitForCount(1);
  await expect(first.outputs).toContainText('java.util.ArrayList: [alpha, beta]');
  await expect(notebook.cells).toHaveCount(2);

  const second = notebook.cell(1);
  await expect(second.root).toHaveClass(/selected/);
  await second.type('await list.size()');
  await page.keyboard.press('Control+Enter');
  await second.waitForCount(2);
  await expect(second.outputs).toHaveText('2');
  await expect(notebook.page.getByTestId('status-objects')).not.toHaveAttribute('data-count', '');
  await notebook.screenshot('cells-java-objects');
});
