import { test, expect } from './support/fixtures.ts';

test('shows streams, results, Java objects, HTML and Markdown displays', async ({ notebook }) => {
  await notebook.create([
    {
      source: [
        "console.log('to stdout');",
        "console.error('to stderr');",
        'display.html(\'<b data-testid="bold">bold</b><table><tr><td>1</td></tr></table><img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script>\');',
        "display.markdown('## A heading');",
        "await new jvm.java.io.File('/tmp/some file')",
      ].join('\n'),
    },
  ]);
  const cell = notebook.cell(0);
  await cell.runAndWait();
  await expect(cell.outputs.getByTestId('output-stdout')).toHaveText('to stdout');
  await expect(cell.outputs.getByTestId('output-stderr')).toHaveText('to stderr');
  await expect(cell.outputs.getByTestId('output-stderr')).toHaveCSS('color', 'rgb(164, 14, 38)');
  await expect(cell.outputs.getByTestId('bold')).toHaveText('bold');
  await expect(cell.outputs.locator('[data-mime="text/html"] table')).toBeVisible();
  await expect(cell.outputs.locator('script')).toHaveCount(0);
  expect(await notebook.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(cell.outputs.locator('[data-mime="text/markdown"] h2')).toHaveText('A heading');
  await expect(cell.outputs.getByTestId('output-result')).toHaveText('java.io.File: /tmp/some file');
  await expect(cell.duration).toHaveText(/\d+ (ms|s)/);
  await notebook.screenshot('outputs-kinds');
});

test('shows a Java exception with the TypeScript location and the Java stack trace', async ({ notebook }) => {
  await notebook.create([{ source: "const n = 1;\nawait jvm.java.lang.Integer.parseInt('not a number');" }]);
  const cell = notebook.cell(0);
  await cell.run();
  await cell.waitForCount(1);
  const error = cell.outputs.getByTestId('output-error');
  await expect(error).toHaveAttribute('data-ename', 'java.lang.NumberFormatException');
  await expect(error.getByTestId('error-title')).toContainText(
    'java.lang.NumberFormatException: For input string: "not a number"',
  );
  await expect(error.getByTestId('error-traceback')).toContainText('line 2');
  await expect(error.getByTestId('error-traceback')).toContainText('at java.base/java.lang.Integer.parseInt');
  await expect(cell.root).toHaveAttribute('data-status', 'error');
  await notebook.screenshot('java-exception');
});

test('renders a table output kept in the file, with the total count', async ({ notebook }) => {
  const table = JSON.stringify({
    columns: ['name', 'size'],
    rows: [
      ['a', 1],
      ['b', 2],
    ],
    total: 1000,
  });
  const name = `table-${Date.now()}.ipynb`;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(
    `${notebook.relay.dir}/${name}`,
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          id: 't1',
          cell_type: 'code',
          metadata: {},
          source: 'rows',
          execution_count: 3,
          outputs: [
            {
              output_type: 'execute_result',
              execution_count: 3,
              metadata: {},
              data: { 'application/vnd.jvm-notebook.table+json': JSON.parse(table), 'text/plain': '[...]' },
            },
          ],
        },
      ],
    }),
  );
  await notebook.open(name);
  const output = notebook.cell(0).outputs.getByTestId('output-result');
  await expect(output.locator('th')).toHaveText(['', 'name', 'size']);
  await expect(output.locator('tbody tr')).toHaveCount(2);
  await expect(output.getByTestId('table-count')).toHaveText('first 2 of 1000 rows');
  await expect(notebook.cell(0).prompt).toHaveText('[3]:');
});

test('truncates very large output with a way to see more, and the page stays responsive', async ({
  notebook,
  page,
}) => {
  await notebook.create([
    { source: 'for (let i = 0; i < 100000; i++) console.log(`line ${i}`);\n"done"' },
    { source: '1 + 1' },
  ]);
  const cell = notebook.cell(0);
  const started = Date.now();
  await cell.run();
  await cell.waitForCount(1);
  expect(Date.now() - started).toBeLessThan(30_000);
  const stdout = cell.outputs.getByTestId('output-stdout');
  await expect(stdout).toContainText('line 199');
  await expect(stdout).not.toContainText('line 200\n');
  const more = stdout.getByTestId('show-more');
  await expect(more).toContainText('more lines');
  await more.click();
  await expect(stdout).toContainText('line 999');
  await notebook.screenshot('large-output');
  // The page still answers: the next cell runs.
  await notebook.cell(1).select();
  await page.keyboard.press('Control+Enter');
  await notebook.cell(1).waitForCount(2);
  await expect(notebook.cell(1).outputs).toHaveText('2');
});
