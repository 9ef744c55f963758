/**
 * The browser kernel: a bench page (bench/browser, bundled with esbuild into
 * a temporary folder that the relay serves) opened in headless Chromium. The
 * page starts a kernel worker that connects to the relay like the notebook's
 * does. No network instrumentation is attached to the page: it slows
 * WebSocket traffic several-fold, so every time is taken by the page's or the
 * worker's own clock.
 */
import { mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { CellRunReport, CellSession } from './cell-session.ts';
import type { BenchAnswer, BenchRequest } from '../browser/bench-protocol.ts';
import { findChromium } from '../../test/e2e/support/find-chromium.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const BROWSER_DIR = path.resolve(import.meta.dirname, '..', 'browser');

/** Bundles the bench page and its worker; returns the folder to serve. */
export async function buildBenchPage(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jvm-notebook-bench-page-'));
  await build({
    entryPoints: [path.join(BROWSER_DIR, 'bench-page.ts'), path.join(BROWSER_DIR, 'bench-worker.ts')],
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'warning',
  });
  copyFileSync(path.join(BROWSER_DIR, 'index.html'), path.join(dir, 'index.html'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}

export class BenchPage {
  private constructor(readonly page: Page) {}

  /** Opens the bench page served by the relay at `startUrl` (token in the query: the cookie follows). */
  static async open(browser: Browser, startUrl: string): Promise<BenchPage> {
    const page = await browser.newPage();
    await page.goto(startUrl);
    await page.waitForFunction(() => (globalThis as { bench?: { ready: boolean } }).bench?.ready === true);
    return new BenchPage(page);
  }

  async request<T>(request: BenchRequest): Promise<{ pageMs: number; value: T }> {
    const { pageMs, answer } = await this.page.evaluate(
      (req) =>
        (
          globalThis as unknown as { bench: { request(r: unknown): Promise<{ pageMs: number; answer: unknown }> } }
        ).bench.request(req),
      request,
    );
    const a = answer as BenchAnswer<T>;
    if (!a.ok) throw new Error(`The bench worker failed: ${a.error}`);
    return { pageMs, value: a.value };
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/** A kernel session in the page's worker, connected to the relay that served the page. */
export async function connectBrowserKernel(page: BenchPage, wsUrl: string): Promise<CellSession> {
  await page.request({ type: 'connect', url: wsUrl });
  return {
    where: 'browser',
    async run(cellId, source) {
      return (await page.request<CellRunReport>({ type: 'run', cellId, source })).value;
    },
    async releaseCell(cellId) {
      await page.request({ type: 'release', cellId });
    },
    async close() {
      await page.close();
    },
  };
}
