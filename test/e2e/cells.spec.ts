import { test, expect } from './support/fixtures.ts';

test('writes and runs cells that share Java objects across cells', async ({ notebook, page }) => {
  await notebook.create([{ source: '' }]);
  const first = notebook.cell(0);
  await first.type(
    "const list = await new jvm.java.util.ArrayList();\nawait list.add('alpha');\nawait list.add('beta');\nlist",
  );
  await page.keyboard.press('Shift+Enter');
  await first.waitForCount(1);
  // A Java collection as a cell's result shows as a table of its elements.
  const table = first.outputs.getByTestId('output-result');
  await expect(table.locator('tbody td:last-child')).toHaveText(['alpha', 'beta']);
  await expect(table.getByTestId('table-count')).toHaveText('java.util.ArrayList · 2 rows');
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

test('a tour notebook: markdown, Java objects, a display and an error (the README screenshot)', async ({
  notebook,
  list,
}) => {
  await notebook.create([
    { type: 'markdown', source: '# Poking at the JVM\n\nCells are **TypeScript**; every Java call is `await`ed.' },
    {
      source:
        "const { ArrayList, HashMap } = jvm.java.util;\nconst langs = await new ArrayList();\nfor (const l of ['Java', 'Kotlin', 'Scala']) await langs.add(l);\nconsole.log('size', await langs.size());\nlangs",
    },
    {
      source:
        "const props = await jvm.java.lang.System.getProperties();\ndisplay.html(`<b>java.version</b> = ${await props.getProperty('java.version')}`);\nawait jvm.java.lang.Math.sqrt(16)",
    },
    { source: 'await langs.get(10)' },
  ]);
  await notebook.button('run-all');
  await notebook.waitIdle();
  await expect(notebook.cell(3).outputs.getByTestId('output-error')).toContainText('IndexOutOfBoundsException');
  await expect(notebook.cell(2).outputs.getByTestId('output-result')).toHaveText('4');
  await notebook.cell(1).select();
  await notebook.screenshot('readme');
  await list.open();
  await list.page.screenshot({ path: 'test-results/screenshots/notebook-list.png' });
});
