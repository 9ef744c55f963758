import { test, expect } from './support/fixtures.ts';
import { NotebookPage } from './pages/notebook-page.ts';

test('shows callback output in the running cell, and in the creating cell when none runs', async ({ notebook }) => {
  await notebook.create([
    {
      source:
        "const ticker = implement('java.lang.Runnable', { run: () => console.log('tick from Java') });\n" +
        'const scheduler = await jvm.java.util.concurrent.Executors.newSingleThreadScheduledExecutor();\n' +
        'await ticker_once();\n' +
        'async function ticker_once() { const t = await new jvm.java.lang.Thread(ticker); await t.start(); await t.join(); }',
    },
    { source: 'await scheduler.schedule(ticker, 300, jvm.java.util.concurrent.TimeUnit.MILLISECONDS);\n"scheduled"' },
  ]);
  const creator = notebook.cell(0);
  await creator.run();
  await creator.waitForCount(1);
  await expect(creator.outputs).toHaveText('tick from Java');

  // The second cell ends before Java calls back: the output goes to the cell that created the callback.
  const later = notebook.cell(1);
  await later.run();
  await later.waitForCount(2);
  await expect(later.outputs).toHaveText("'scheduled'");
  await expect(creator.outputs).toHaveText('tick from Java\ntick from Java');
});

test('keeps two browser sessions with callbacks at once apart', async ({ notebook, browser, relay }) => {
  const otherPage = await browser.newPage();
  const other = new NotebookPage(otherPage, relay);
  const source = (tag: string) =>
    `const tag = implement('java.util.function.Supplier', { get: async () => { await jvm.java.lang.Thread.sleep(1); return '${tag}'; } });\n` +
    `const got = await Promise.all(Array.from({ length: 30 }, () => jvm.java.util.Objects.requireNonNullElseGet(null, tag)));\n` +
    '[...new Set(got)]';
  await notebook.create([{ source: source('from page A') }]);
  await other.create([{ source: source('from page B') }]);
  await Promise.all([notebook.cell(0).run(), other.cell(0).run()]);
  await notebook.cell(0).waitForCount(1);
  await other.cell(0).waitForCount(1);
  await expect(notebook.cell(0).outputs).toHaveText("[ 'from page A' ]");
  await expect(other.cell(0).outputs).toHaveText("[ 'from page B' ]");
  await otherPage.close();
});
