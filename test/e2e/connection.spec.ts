import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, writeNotebook } from './support/fixtures.ts';
import { NotebookPage } from './pages/notebook-page.ts';
import { RelayProcess } from './support/relay-process.ts';

// These tests stop the relay or kill its JVM, so each gets a relay of its own.
const test = base.extend<{ own: RelayProcess }>({
  own: async ({}, use) => {
    const relay = new RelayProcess();
    await relay.start();
    await use(relay);
    await relay.stop();
    relay.removeDir();
  },
});

test('the relay stopped and restarted while the page is open: a visible state, then a reconnect; no edit is lost', async ({
  page,
  own,
}) => {
  const notebook = new NotebookPage(page, own);
  const name = writeNotebook(own, [{ source: 'await jvm.java.lang.Math.max(1, 2)' }, { source: '' }]);
  await notebook.open(name);
  await notebook.cell(0).runAndWait();

  // The editor is loaded from the relay on demand: let it arrive before the relay goes away.
  await expect(page.getByTestId('cells')).toHaveAttribute('data-editor-ready', 'true');
  await own.stop();
  await expect(page.getByTestId('status-relay')).toHaveAttribute('data-state', /disconnected|unreachable/);
  await notebook.cell(1).type('const writtenWhileDown = 1');
  await expect(page.getByTestId('status-save')).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('status-save')).toContainText('kept in this browser');
  await expect(page.getByTestId('reconnect')).toBeVisible();
  // A cell that calls Java while the relay is away fails at once instead of hanging.
  await notebook.cell(0).select();
  await page.keyboard.press('Control+Enter');
  await expect(notebook.cell(0).root).toHaveAttribute('data-status', 'error');
  await expect(notebook.cell(0).outputs.getByTestId('output-error')).toContainText(/relay|connect/i);
  await notebook.screenshot('relay-stopped');

  await own.start(own.port);
  await expect(page.getByTestId('status-relay')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(page.getByTestId('status-jvm')).toHaveAttribute('data-state', 'running');
  await notebook.waitSaved();
  expect(readFileSync(path.join(own.dir, name), 'utf8')).toContain('writtenWhileDown');
  await page.keyboard.press('Control+Enter');
  await expect(notebook.cell(0).outputs).toHaveText('2');
  await expect(notebook.cell(0).root).toHaveAttribute('data-status', 'ok');
  await notebook.screenshot('relay-reconnected');
});

test('edits made while the relay is down are kept in the browser and restored on the next visit', async ({
  context,
  own,
}) => {
  const first = new NotebookPage(await context.newPage(), own);
  const name = writeNotebook(own, [{ source: '' }]);
  await first.open(name);
  // The editor is loaded from the relay on demand: let it arrive before the relay goes away.
  await expect(first.page.getByTestId('cells')).toHaveAttribute('data-editor-ready', 'true');
  await own.stop();
  await expect(first.page.getByTestId('status-relay')).toHaveAttribute('data-state', /disconnected|unreachable/);
  await first.cell(0).type('const survivedTheRestart = true');
  await expect(first.page.getByTestId('status-save')).toHaveAttribute('data-state', 'offline');
  await first.page.close({ runBeforeUnload: false });

  await own.start(own.port);
  const second = new NotebookPage(await context.newPage(), own);
  await second.open(name);
  await expect(second.page.getByTestId('toast').filter({ hasText: 'Restored unsaved changes' })).toBeVisible();
  expect(await second.sources()).toEqual(['const survivedTheRestart = true']);
  await second.waitSaved();
  expect(readFileSync(path.join(own.dir, name), 'utf8')).toContain('survivedTheRestart');
});

test('a JVM dead behind a live relay is shown as such, with a way to restart it, and the notebook runs again', async ({
  page,
  own,
}) => {
  const notebook = new NotebookPage(page, own);
  await notebook.open(writeNotebook(own, [{ source: 'await jvm.java.lang.Math.max(3, 4)' }]));
  await notebook.cell(0).runAndWait();
  process.kill(own.jvmPid, 'SIGKILL');
  await expect(page.getByTestId('status-jvm')).toHaveAttribute('data-state', 'exited');
  // Only the JVM died: the relay still answers, and the status bar says so.
  await expect(page.getByTestId('status-relay')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('status-relay')).toHaveText('Relay: connected');
  await expect(page.getByTestId('status-jvm')).toHaveText('JVM: exited (embedded)');
  await expect(page.getByTestId('status-message')).toContainText('JVM has stopped');
  await expect(page.getByTestId('reconnect')).toBeHidden();
  const restart = page.getByTestId('restart-jvm');
  await expect(restart).toBeVisible();
  await notebook.screenshot('jvm-exited');
  await restart.click();
  await expect(page.getByTestId('status-jvm')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await notebook.waitReady();
  await expect(restart).toBeHidden();
  await notebook.cell(0).select();
  await page.keyboard.press('Control+Enter');
  await expect(notebook.cell(0).root).toHaveAttribute('data-status', 'ok');
  await expect(notebook.cell(0).outputs).toHaveText('4');
});
