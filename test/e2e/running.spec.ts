import { test, expect } from './support/fixtures.ts';

const CELLS = [
  { source: 'let log: string[] = []' },
  { source: "log.push('b'); log.join()" },
  { source: "log.push('c'); log.join()" },
  { source: "log.push('d'); log.join()" },
];

test('Run all runs every code cell in order and shows counters and durations', async ({ notebook }) => {
  await notebook.create([{ type: 'markdown', source: '# Title' }, ...CELLS]);
  await notebook.button('run-all');
  await notebook.waitIdle();
  await expect(notebook.cell(4).outputs).toHaveText("'b,c,d'");
  expect(await Promise.all([1, 2, 3, 4].map((i) => notebook.cell(i).counter()))).toEqual([1, 2, 3, 4]);
  await expect(notebook.cell(0).renderedMarkdown.locator('h1')).toHaveText('Title');
  for (const i of [1, 2, 3, 4]) await expect(notebook.cell(i).duration).toHaveText(/\d+ (ms|s)/);
  await notebook.screenshot('run-all');
});

test('Run above and Run below run the cells before, and from, the selected one', async ({ notebook }) => {
  await notebook.create(CELLS);
  await notebook.cell(2).select();
  await notebook.button('run-above');
  await notebook.waitIdle();
  expect(await Promise.all([0, 1, 2, 3].map((i) => notebook.cell(i).counter()))).toEqual([1, 2, null, null]);
  await notebook.button('run-below');
  await notebook.waitIdle();
  expect(await Promise.all([0, 1, 2, 3].map((i) => notebook.cell(i).counter()))).toEqual([1, 2, 3, 4]);
  await expect(notebook.cell(3).outputs).toHaveText("'b,c,d'");
});

test('Run all stops at the first failing cell', async ({ notebook }) => {
  await notebook.create([{ source: '1' }, { source: 'throw new Error("stop here")' }, { source: '3' }]);
  await notebook.button('run-all');
  await notebook.waitIdle();
  await expect(notebook.cell(1).outputs).toContainText('Error: stop here');
  expect(await notebook.cell(2).counter()).toBeNull();
  await expect(notebook.cell(2).duration).toHaveText('not run');
});

test('shows [*] while queued or running, and the Interrupt button stops a Java wait', async ({ notebook, page }) => {
  await notebook.create([{ source: 'await jvm.java.lang.Thread.sleep(60000)' }, { source: '"after"' }]);
  await notebook.button('run-all');
  await expect(notebook.cell(0).prompt).toHaveText('[*]:');
  await expect(notebook.cell(1).prompt).toHaveText('[*]:');
  await expect(notebook.cell(1).root).toHaveAttribute('data-state', 'queued');
  // The page stays responsive while the kernel waits: a new cell can be added and edited.
  await notebook.cell(1).select();
  await notebook.command('b');
  await expect(notebook.cells).toHaveCount(3);
  await notebook.screenshot('running-queued');
  await notebook.button('interrupt');
  await notebook.waitIdle();
  await expect(notebook.cell(0).root).toHaveAttribute('data-status', 'interrupted');
  expect(await notebook.cell(1).counter()).toBeNull();
  await expect(page.getByTestId('status-relay')).toHaveAttribute('data-state', 'connected');
});

test('stops a cell stuck in a JavaScript loop by restarting the session, releasing its Java objects', async ({
  notebook,
  page,
}) => {
  await notebook.create([
    { source: 'const held = keep(await new jvm.java.util.ArrayList())' },
    { source: 'while (true) {}' },
    { source: 'typeof held' },
  ]);
  await notebook.cell(0).runAndWait();
  await notebook.cell(1).select();
  await page.keyboard.press('Control+Enter');
  await expect(notebook.cell(1).root).toHaveAttribute('data-state', 'running');
  await notebook.button('interrupt');
  await expect(notebook.cell(1).outputs).toContainText('Session restarted', { timeout: 15_000 });
  await expect(page.getByTestId('toast').filter({ hasText: 'Session restarted' })).toBeVisible();
  await expect(page.getByTestId('status-relay')).toHaveAttribute('data-state', 'connected');
  await notebook.screenshot('stuck-loop-restarted');
  await notebook.cell(2).select();
  await page.keyboard.press('Control+Enter');
  await notebook.cell(2).waitForCount(1);
  await expect(notebook.cell(2).outputs).toHaveText("'undefined'");
});

test('Restart releases every Java object of the session on the JVM', async ({ notebook, page }) => {
  const count = 'await (await (await gateway.server.getGateway()).getBindings()).size()';
  await notebook.create([
    { source: count },
    { source: 'const a = keep(await new jvm.java.util.ArrayList()); const b = await new jvm.java.util.HashMap(); 0' },
    { source: count },
  ]);
  await notebook.cell(0).runAndWait();
  const before = Number(await notebook.cell(0).outputs.innerText());
  await notebook.cell(1).runAndWait();
  await notebook.cell(2).runAndWait();
  expect(Number(await notebook.cell(2).outputs.innerText())).toBeGreaterThan(before);
  await notebook.button('restart');
  await page.getByTestId('confirm-restart').click();
  await expect.poll(() => notebook.liveObjects()).toBe(0);
  await notebook.cell(2).runAndWait();
  expect(Number(await notebook.cell(2).outputs.innerText())).toBeLessThanOrEqual(before);
});
