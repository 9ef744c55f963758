/**
 * Playwright fixtures: one relay (with its embedded JVM and a temporary notebook
 * folder) per test worker, page objects bound to it, and a probe of the JVM's
 * own live-object count.
 */
import { test as base } from '@playwright/test';
import { JvmProbe } from './jvm-probe.ts';
import { RelayProcess } from './relay-process.ts';
import { NotebookListPage } from '../pages/notebook-list-page.ts';
import { NotebookPage } from '../pages/notebook-page.ts';

export const test = base.extend<
  { list: NotebookListPage; notebook: NotebookPage; jvm: JvmProbe },
  { relay: RelayProcess }
>({
  relay: [
    async ({}, use) => {
      const relay = new RelayProcess();
      await relay.start();
      await use(relay);
      await relay.stop();
      relay.removeDir();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  list: async ({ page, relay }, use) => {
    await use(new NotebookListPage(page, relay));
  },
  notebook: async ({ page, relay }, use) => {
    await use(new NotebookPage(page, relay));
  },
  jvm: async ({ relay }, use) => {
    const probe = await JvmProbe.connect(relay);
    await use(probe);
    probe.close();
  },
});

export { expect } from '@playwright/test';

export { writeNotebook, type CellSpec } from './notebook-files.ts';
export { BARE_SERVER, type JvmProbe } from './jvm-probe.ts';
export { collectPageErrors } from './page-errors.ts';
export { savedCells, savedSources } from './saved-notebook.ts';
