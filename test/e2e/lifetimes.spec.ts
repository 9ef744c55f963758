/**
 * Java object lifetimes seen from the page and checked against the JVM's OWN
 * count (a probe session reads Py4J's bindings; see support/jvm-probe.ts): the
 * per-cell badge and its classes, re-runs, deletion, restart, and the relay
 * releasing everything when the page closes or the browser process dies.
 */
import { chromium } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page.ts';
import { BARE_SERVER, expect, test, writeNotebook, type JvmProbe } from './support/fixtures.ts';

/** How long the JVM may take to drop a closed session's objects ("within a few seconds"). */
const RELEASE_WITHIN_MS = 5_000;

const COUNTER = { source: 'let runs = 0' };
// Each run makes one StringBuilder more than the run before, and one ArrayList: 3 objects, then 4.
const MAKER = {
  source: [
    'runs += 1;',
    'const builders = await Promise.all(Array.from({ length: runs + 1 }, (_, i) => new jvm.java.lang.StringBuilder(`b${i}`)));',
    'const list = await new jvm.java.util.ArrayList();',
  ].join('\n'),
};
const KEEPER = { source: 'const cache = keep(await new jvm.java.util.HashMap());' };
const FIFTY = {
  source: 'const objects = await Promise.all(Array.from({ length: 50 }, () => new jvm.java.lang.Object()));',
};

/** The JVM with nothing of any notebook session in it: what every test starts from and returns to. */
async function bareJvm(jvm: JvmProbe): Promise<number> {
  const { count } = await jvm.waitForCount(BARE_SERVER);
  expect(count, 'the JVM still holds objects of an earlier session').toBe(BARE_SERVER);
  return count;
}

async function expectJvmCount(jvm: JvmProbe, expected: number): Promise<void> {
  expect((await jvm.waitForCount(expected)).count).toBe(expected);
}

test('shows per cell how many Java objects it holds and of which classes, after a run and after a re-run', async ({
  notebook,
  jvm,
  page,
}) => {
  const baseline = await bareJvm(jvm);
  await notebook.create([COUNTER, MAKER, KEEPER]);
  const [counter, maker, keeper] = [notebook.cell(0), notebook.cell(1), notebook.cell(2)];
  await notebook.button('run-all');
  await keeper.waitForCount(3);

  await expect(maker.objectBadge).toHaveText('3 Java objects');
  await expect(counter.objectBadge).toBeHidden();
  // keep() moved the HashMap from its cell to the session.
  await expect(keeper.objectBadge).toBeHidden();
  await expect(page.getByTestId('status-objects')).toHaveText('Java objects: 4 · 1 kept');
  await expectJvmCount(jvm, baseline + 4);
  expect(await notebook.objectClasses(maker)).toEqual({ 'java.lang.StringBuilder': 2, 'java.util.ArrayList': 1 });
  await expect(notebook.objectPopover).toContainText('Java objects of cell 2');
  await notebook.screenshot('object-badge-classes');

  await maker.run();
  await maker.waitForCount(4);
  await expect(maker.objectBadge).toHaveText('4 Java objects');
  await expect(page.getByTestId('status-objects')).toHaveText('Java objects: 5 · 1 kept');
  // The re-run released the previous run's three objects: 4 + the kept one, not 3 + 4 + 1.
  await expectJvmCount(jvm, baseline + 5);
  expect(await notebook.objectClasses(maker)).toEqual({ 'java.lang.StringBuilder': 3, 'java.util.ArrayList': 1 });
  expect(await notebook.objectClasses()).toEqual({ 'java.util.HashMap': 1 });
  await expect(notebook.objectPopover).toContainText('Kept Java objects');
  await notebook.screenshot('object-kept-classes');
});

test('counts the Java objects of a running cell as it makes them', async ({ notebook }) => {
  await notebook.create([
    {
      source:
        'const made = [];\nfor (let i = 0; i < 100; i++) {\n  made.push(await new jvm.java.lang.Object());\n  await jvm.java.lang.Thread.sleep(100);\n}',
    },
  ]);
  const cell = notebook.cell(0);
  await cell.run();
  await expect(cell.objectBadge).toHaveText(/^[1-9]\d* Java objects?$/);
  await expect(cell.root).toHaveAttribute('data-state', 'running');
  await notebook.button('interrupt');
  await notebook.waitIdle();
});

test('deleting a cell, turning one into Markdown and restarting bring the JVM back to its baseline', async ({
  notebook,
  jvm,
  page,
}) => {
  const baseline = await bareJvm(jvm);
  await notebook.create([COUNTER, MAKER, FIFTY, KEEPER]);
  await notebook.button('run-all');
  await notebook.cell(3).waitForCount(4);
  await expectJvmCount(jvm, baseline + 3 + 50 + 1);

  await notebook.cell(1).select();
  await notebook.command('d', 'd');
  await expect(notebook.cells).toHaveCount(3);
  await expect.poll(() => notebook.liveObjects()).toBe(51);
  await expectJvmCount(jvm, baseline + 51);

  const fifty = notebook.cell(1);
  await expect(fifty.objectBadge).toHaveText('50 Java objects');
  await fifty.select();
  await notebook.command('m');
  await expect(fifty.root).toHaveAttribute('data-cell-type', 'markdown');
  await expect(page.getByTestId('status-objects')).toHaveText('Java objects: 1 · 1 kept');
  await expectJvmCount(jvm, baseline + 1);

  await notebook.button('restart');
  await page.getByTestId('confirm-restart').click();
  await expect(page.getByTestId('status-objects')).toHaveText('Java objects: 0');
  expect(await notebook.keptObjects()).toBe(0);
  await expectJvmCount(jvm, baseline);
});

test('closing the page brings the JVM back to its baseline within a few seconds', async ({ notebook, jvm, page }) => {
  const baseline = await bareJvm(jvm);
  await notebook.create([FIFTY, KEEPER]);
  await notebook.button('run-all');
  await notebook.cell(1).waitForCount(2);
  await expectJvmCount(jvm, baseline + 51);

  await page.close();
  const { count, ms } = await jvm.waitForCount(baseline, RELEASE_WITHIN_MS * 2);
  expect(count).toBe(baseline);
  expect(ms).toBeLessThan(RELEASE_WITHIN_MS);
});

test('killing the browser process brings the JVM back to its baseline within a few seconds', async ({
  relay,
  jvm,
  launchOptions,
}) => {
  const baseline = await bareJvm(jvm);
  // A browser of this test's own, launched as a server because only that exposes its process.
  const server = await chromium.launchServer(launchOptions);
  const browserProcess = server.process();
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const notebook = new NotebookPage(await browser.newPage(), relay);
    await notebook.open(writeNotebook(relay, [FIFTY, KEEPER]));
    await notebook.button('run-all');
    await notebook.cell(1).waitForCount(2);
    await expectJvmCount(jvm, baseline + 51);

    const exited = new Promise((resolve) => browserProcess.once('exit', resolve));
    expect(browserProcess.kill('SIGKILL')).toBe(true);
    await exited;
    const { count, ms } = await jvm.waitForCount(baseline, RELEASE_WITHIN_MS * 2);
    expect(count).toBe(baseline);
    expect(ms).toBeLessThan(RELEASE_WITHIN_MS);
  } finally {
    await server.kill();
  }
});
