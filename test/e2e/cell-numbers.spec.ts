import { test, expect } from './support/fixtures.ts';

test('names a cell by its position everywhere: its label, the traceback and the object popover', async ({
  notebook,
}) => {
  await notebook.create([
    { type: 'markdown', source: '# Notes' },
    { source: '1 + 1' },
    { source: "const held = await new jvm.java.util.ArrayList();\nawait jvm.java.lang.Integer.parseInt('x');" },
  ]);
  await expect(notebook.cell(0).number).toHaveText('cell 1');
  await expect(notebook.cell(1).number).toHaveText('cell 2');
  const cell = notebook.cellById(await notebook.cell(2).id());
  await expect(cell.number).toHaveText('cell 3');
  await expect(cell.root).toHaveAttribute('aria-label', 'cell 3');
  await cell.run();
  await cell.waitForCount(1);
  // The execution counter stays Jupyter's [n]: this is the first run, in the third cell.
  await expect(cell.prompt).toHaveText('[1]:');
  await expect(cell.outputs.getByTestId('error-traceback')).toContainText('at cell 3, line 2');
  expect(await notebook.objectClasses(cell)).toMatchObject({ 'java.util.ArrayList': 1 });
  await expect(notebook.page.getByTestId('object-popover-title')).toHaveText('Java objects of cell 3');
  await notebook.screenshot('cell-numbers');
  await notebook.page.keyboard.press('Escape');

  // A cell inserted above renumbers the cells below it, and the next run's messages follow.
  await notebook.cell(0).select();
  await notebook.command('a');
  await expect(notebook.cell(0).number).toHaveText('cell 1');
  await expect(cell.number).toHaveText('cell 4');
  await cell.run();
  await cell.waitForCount(2);
  await expect(cell.outputs.getByTestId('error-traceback')).toContainText('at cell 4, line 2');
});
