/**
 * The UI figures, on the real notebook served by `jvm-notebook start`:
 * opening a 200-cell notebook, click-to-output of a trivial cell, the
 * JavaScript loaded before the editor, the relay's memory after a load, and
 * the cold start. Every time is taken by the page's own clock
 * (`performance.now()`, first animation frame after the DOM shows the state),
 * with no Playwright network instrumentation attached.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { startNotebookServer, writeNotebook, type CellSpec, type NotebookServer } from './notebook-server.ts';
import type { Maybe, UiFigures } from './results.ts';
import { figure, type Figure } from './stats.ts';
import { PER_CALL } from './tasks.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DIST = path.join(ROOT, 'dist', 'notebook');
const VIEWPORT = { width: 1280, height: 860 };
/** Chunks that belong to the editor (Monaco and its workers): loaded on first edit, not before. */
const EDITOR_CHUNK = /^(editor|ts\.worker|tsMode|monaco|typescript|css\.worker|json\.worker|html\.worker)/;

interface UiOptions {
  quick: boolean;
  runs: number;
  say(line: string): void;
  /** Remarks for the results file. */
  notes: string[];
}

export async function measureUi(browser: Browser, options: UiOptions): Promise<UiFigures> {
  const built = ensureBuilt(options.say, options.notes);
  if (built !== null) {
    const missing = { missing: built };
    return { open200Ms: missing, clickToOutputMs: missing, initialJsGzipBytes: missing, relayRssMb: missing };
  }
  options.say('UI…');
  let server: NotebookServer;
  try {
    server = await startNotebookServer();
  } catch (error) {
    const missing = {
      missing: `jvm-notebook start failed: ${(error as Error).message.replace(/\s+/g, ' ').slice(0, 300)}`,
    };
    return { open200Ms: missing, clickToOutputMs: missing, initialJsGzipBytes: missing, relayRssMb: missing };
  }
  try {
    const idleRss = server.rssMb();
    const large = writeNotebook(server.dir, 'large.ipynb', largeNotebook());
    const opens: number[] = [];
    let initialJs: UiFigures['initialJsGzipBytes'] = { missing: 'not measured' };
    options.say('  opening a 200-cell notebook…');
    const open200 = await attempt(async () => {
      for (let i = 0; i < Math.max(options.runs, 3); i++) {
        const { ms, scripts } = await timeOpen(browser, server, large);
        opens.push(ms);
        if (i === 0) initialJs = gzipSizes(scripts);
      }
      return figure(opens, 0);
    });
    options.say('  click-to-output…');
    const click = await attempt(() => timeClicks(browser, server, options.quick ? 3 : 10));
    options.say('  load for the relay memory…');
    const relayRssMb = await attempt(async () => {
      await runAll(browser, server, large, 200);
      const load = writeNotebook(server.dir, 'load.ipynb', loadNotebook());
      await runAll(browser, server, load, 3);
      return {
        idle: idleRss,
        afterLoad: server.rssMb(),
        load: 'opening the 200-cell notebook several times, running all its cells, the click runs, and fill_read_10k, map_read_10k and 10,000 pipelined calls in cells',
      };
    });
    return { open200Ms: open200, clickToOutputMs: click, initialJsGzipBytes: initialJs, relayRssMb };
  } finally {
    await server.stop();
  }
}

export async function measureColdStart(options: { runs: number; say(line: string): void }): Promise<Maybe<Figure>> {
  options.say('cold start…');
  return attempt(async () => {
    const times: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      const server = await startNotebookServer(['npm', 'start', '--silent', '--']);
      times.push(server.readyMs);
      await server.stop();
    }
    return figure(times, 0);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

async function attempt<T>(fn: () => Promise<T>): Promise<Maybe<T>> {
  try {
    return await fn();
  } catch (error) {
    return { missing: `failed: ${(error as Error).message.replace(/\s+/g, ' ').trim().slice(0, 300)}` };
  }
}

/**
 * Builds the UI when dist/ has none; returns why it cannot, or null. A build
 * older than its sources is used as it is (rebuilding would empty dist/ under
 * anyone else using it) and the results say so.
 */
function ensureBuilt(say: (line: string) => void, notes: string[]): string | null {
  const index = path.join(DIST, 'index.html');
  if (existsSync(index)) {
    const newest = Math.max(newestMtime(path.join(ROOT, 'notebook')), newestMtime(path.join(ROOT, 'cells')));
    if (statSync(index).mtimeMs < newest) {
      notes.push(
        'dist/notebook was older than the notebook/ and cells/ sources: the UI figures are of the last build (npm run build first for current ones).',
      );
    }
    return null;
  }
  say('building the notebook UI (npm run build)…');
  try {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' });
    return null;
  } catch (error) {
    return `the notebook UI does not build: ${(error as Error).message.split('\n')[0]}`;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function largeNotebook(): CellSpec[] {
  return Array.from({ length: 200 }, (_, i) =>
    i % 10 === 0
      ? { type: 'markdown' as const, source: `## Section ${i / 10}\n\nSome *text* about the cells below.` }
      : { source: `const v${i} = ${i};\nv${i} * 2` },
  );
}

/** Heavier cells for the relay's load: the throughput tasks and a batch of pipelined calls. */
function loadNotebook(): CellSpec[] {
  return [
    {
      source: `const list = await new jvm.java.util.ArrayList();
await Promise.all(Array.from({ length: 10000 }, (_, i) => list.add(i)));
(await toJS(list)).length`,
    },
    {
      source: `const map = await new jvm.java.util.HashMap();
await Promise.all(Array.from({ length: 10000 }, (_, i) => map.put(i, i)));
(await toJS(map)).size`,
    },
    { source: `${PER_CALL.pipelined(10_000).body}\nmaxima.length` },
  ];
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  return context.newPage();
}

function notebookUrl(server: NotebookServer, name: string): string {
  return `${server.origin}/?token=${server.token}#/nb/${encodeURIComponent(name)}`;
}

/**
 * Opens the notebook in a fresh browser context (empty cache) and returns the
 * page's time from navigation start to the first frame in which all 200 cells
 * exist and every cell in the viewport shows its code (or rendered Markdown),
 * and the scripts loaded by then.
 */
async function timeOpen(
  browser: Browser,
  server: NotebookServer,
  name: string,
): Promise<{ ms: number; scripts: string[] }> {
  const page = await newPage(browser);
  try {
    await page.addInitScript(OPEN_WATCHER);
    await page.goto(notebookUrl(server, name));
    return (await withTimeout(
      page.evaluate('window.__benchOpened'),
      60_000,
      'the notebook did not show its cells',
    )) as {
      ms: number;
      scripts: string[];
    };
  } finally {
    await page.context().close();
  }
}

/** Runs in the page before its own scripts: resolves `window.__benchOpened` at the first frame showing every visible cell. */
const OPEN_WATCHER = `
// Worker scripts do not appear in the page's resource timing: note them as they start.
const NativeWorker = window.Worker;
const workerScripts = [];
window.Worker = class extends NativeWorker {
  constructor(url, options) {
    workerScripts.push(new URL(String(url), location.href).href);
    super(url, options);
  }
};
window.__benchOpened = new Promise((resolve) => {
  const ready = () => {
    const cells = document.querySelectorAll('[data-testid="cell"]');
    if (cells.length < 200) return false;
    const height = window.innerHeight;
    for (const cell of cells) {
      const box = cell.getBoundingClientRect();
      if (box.bottom < 0 || box.top > height) continue;
      const shown = cell.dataset.cellType === 'markdown'
        ? cell.querySelector('[data-testid="markdown-rendered"]')
        : cell.querySelector('[data-testid="static-code"], .monaco-editor');
      if (!shown || shown.textContent.trim() === '') return false;
    }
    return true;
  };
  let done = false;
  const check = () => {
    if (done || !ready()) return;
    done = true;
    observer.disconnect();
    requestAnimationFrame(() => {
      const loaded = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\\.m?js(\\?|$)/.test(n));
      resolve({ ms: performance.now(), scripts: [...new Set([...loaded, ...workerScripts])] });
    });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
});
`;

/** gzip -9 sizes of the scripts the page had loaded, as the files in dist/ (the relay serves them uncompressed). */
function gzipSizes(urls: string[]): UiFigures['initialJsGzipBytes'] {
  const files: Record<string, number> = {};
  for (const url of urls) {
    const name = new URL(url).pathname.replace(/^\//, '');
    const file = path.join(DIST, name);
    if (!existsSync(file)) continue;
    files[name] = gzipSync(readFileSync(file), { level: 9 }).length;
  }
  const editor = Object.keys(files).filter((f) => EDITOR_CHUNK.test(path.basename(f)));
  if (editor.length > 0)
    return { missing: `editor chunks were loaded before the notebook was shown: ${editor.join(', ')}` };
  return { total: Object.values(files).reduce((a, b) => a + b, 0), files };
}

/**
 * Click-to-output: `1 + 1` in a one-cell notebook, run with the toolbar's Run
 * button. The page records the pointerdown on the button and the first frame
 * after the cell shows the new execution count and its output.
 */
async function timeClicks(browser: Browser, server: NotebookServer, clicks: number): Promise<Figure> {
  const name = writeNotebook(server.dir, 'click.ipynb', [{ source: '1 + 1' }]);
  const page = await newPage(browser);
  try {
    await page.goto(notebookUrl(server, name));
    await page.locator('[data-testid="status-relay"][data-state="connected"]').waitFor({ timeout: 60_000 });
    const cell = page.locator('[data-testid="cell"]').first();
    await cell.locator('[data-testid="cell-gutter"]').click();
    const times: number[] = [];
    // The first run compiles and warms the kernel: it is not counted.
    for (let i = 0; i <= clicks; i++) {
      const expected = i + 1;
      // The script's value must not be the promise: evaluate() would wait for it.
      await page.evaluate(`${CLICK_WATCHER.replace('EXPECTED', String(expected))}; undefined`);
      await page.getByTestId('run').click();
      const ms = (await withTimeout(
        page.evaluate('window.__benchClick'),
        30_000,
        'the cell showed no output',
      )) as number;
      if (i > 0) times.push(ms);
    }
    return figure(times, 1);
  } finally {
    await page.context().close();
  }
}

const CLICK_WATCHER = `
window.__benchClick = new Promise((resolve) => {
  let clickedAt = null;
  const onDown = (event) => {
    if (event.target.closest('[data-testid="run"]')) clickedAt = performance.now();
  };
  document.addEventListener('pointerdown', onDown, { capture: true });
  const check = () => {
    if (clickedAt === null) return;
    const cell = document.querySelector('[data-testid="cell"]');
    const prompt = cell && cell.querySelector('[data-testid="prompt"]');
    const outputs = cell && cell.querySelector('[data-testid="outputs"]');
    if (!prompt || prompt.textContent.trim() !== '[EXPECTED]:' || !outputs || !outputs.textContent.includes('2')) return;
    observer.disconnect();
    document.removeEventListener('pointerdown', onDown, { capture: true });
    requestAnimationFrame(() => resolve(performance.now() - clickedAt));
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
});
`;

/** Opens a notebook, presses Run all and waits until every code cell shows an execution count; fails on an error output. */
async function runAll(browser: Browser, server: NotebookServer, name: string, cells: number): Promise<void> {
  const page = await newPage(browser);
  try {
    await page.goto(notebookUrl(server, name));
    await page
      .locator('[data-testid="cell"]')
      .nth(cells - 1)
      .waitFor();
    await page.locator('[data-testid="status-relay"][data-state="connected"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('run-all').click();
    await page.waitForFunction(ALL_RAN, undefined, { timeout: 180_000 });
    const failed = await page.getByTestId('output-error').count();
    if (failed > 0) throw new Error(`${failed} cell(s) of ${name} failed`);
  } finally {
    await page.context().close();
  }
}

const ALL_RAN = `[...document.querySelectorAll('[data-testid="cell"][data-cell-type="code"]')].every(
  (cell) => cell.dataset.state === 'idle' && /^\\[\\d+\\]:$/.test(cell.querySelector('[data-testid="prompt"]').textContent.trim()),
)`;
