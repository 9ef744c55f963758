import { test, expect } from './support/fixtures.ts';

for (const awaited of [true, false]) {
  test(`shows displays and console lines in call order ${awaited ? 'when awaited' : 'without await'}`, async ({
    notebook,
  }) => {
    const a = awaited ? 'await ' : '';
    await notebook.create([
      {
        source: [
          `${a}display(await new jvm.java.util.ArrayList());`,
          "console.log('between');",
          `${a}display(jvm.java.lang.System.getProperties());`,
          `${a}display('last')`,
        ].join('\n'),
      },
    ]);
    const cell = notebook.cell(0);
    await cell.runAndWait();
    const blocks = cell.outputBlocks;
    await expect(blocks).toHaveCount(4);
    await expect(blocks.nth(0)).toHaveAttribute('data-testid', 'output-display');
    await expect(blocks.nth(0)).toContainText('java.util.ArrayList · 0 rows');
    await expect(blocks.nth(1)).toHaveAttribute('data-testid', 'output-stdout');
    await expect(blocks.nth(1)).toHaveText('between');
    await expect(blocks.nth(2)).toHaveAttribute('data-testid', 'output-display');
    await expect(blocks.nth(2)).toContainText('java.util.Properties');
    await expect(blocks.nth(2)).toContainText('java.version');
    await expect(blocks.nth(3)).toHaveAttribute('data-testid', 'output-display');
    await expect(blocks.nth(3)).toHaveText("'last'");
  });
}

test('shows a logged Java object as its class and toString(), in its line order', async ({ notebook }) => {
  await notebook.create([
    { source: "const d = await jvm.java.time.DayOfWeek.MONDAY;\nconsole.log('day', d);\nconsole.log('x');" },
  ]);
  const cell = notebook.cell(0);
  await cell.runAndWait();
  await expect(cell.outputs.getByTestId('output-stdout')).toHaveText('day java.time.DayOfWeek: MONDAY\nx');
});
