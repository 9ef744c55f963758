/**
 * Load: 20 sessions at once against one relay and JVM — 18 headless kernels
 * and two browser pages — each making 1,000 Java calls and sorting with a
 * TypeScript comparator that Java calls back. Every answer is checked, every
 * session's objects are released when it closes, and the calls per second and
 * the relay's memory are reported (test-results/load.json; README
 * "Reliability").
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { WebSocketTransport, type WebSocketLike } from '../../cells/gateway/websocket-transport.ts';
import { Kernel } from '../../cells/kernel.ts';
import type { CellOutput } from '../../protocol/outputs.ts';
import { NotebookPage } from './pages/notebook-page.ts';
import { BARE_SERVER, expect, test, writeNotebook } from './support/fixtures.ts';
import type { RelayProcess } from './support/relay-process.ts';

const HEADLESS = 18;
const BROWSERS = 2;
const CALLS = 1_002;

/** A construct, 500 adds (a permutation of 0..499), a sort whose comparisons are callbacks, 500 gets: 1,002 Java calls; the result proves each. */
const WORK = `const list = await new jvm.java.util.ArrayList();
for (let i = 0; i < 500; i++) await list.add((i * 7919) % 500);
let compares = 0;
const descending = implement('java.util.Comparator', { compare: (a, b) => { compares++; return b - a; } });
await jvm.java.util.Collections.sort(list, descending);
let sum = 0;
let ordered = true;
for (let i = 0; i < 500; i++) {
  const value = await list.get(i);
  if (value !== 499 - i) ordered = false;
  sum += value;
}
\`\${sum} \${ordered} \${compares}\``;
/** The sum and order prove every add and get; the comparisons are the callbacks Java made. */
const EXPECTED = /^'124750 true (\d+)'$/;

function rssKb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function headlessSession(relay: RelayProcess): Promise<{ result: string; close(): void }> {
  const socket = new WebSocket(`${relay.origin.replace(/^http/, 'ws')}/ws`, {
    headers: { authorization: `Bearer ${relay.token}` },
  });
  const { transport } = await WebSocketTransport.connect(socket as unknown as WebSocketLike);
  const kernel = new Kernel({ transport });
  const outputs: CellOutput[] = [];
  const run = await kernel.run({ cellId: 'work', source: WORK }, (output) => outputs.push(output));
  const result = outputs.find((output) => output.output_type === 'execute_result');
  if (run.status !== 'ok' || result?.output_type !== 'execute_result') {
    throw new Error(`A headless session failed: ${JSON.stringify(run.error ?? outputs).slice(0, 500)}`);
  }
  return { result: result.data['text/plain'] ?? '', close: () => transport.close() };
}

test('20 sessions at once, each 1,000 Java calls with callbacks: all correct, all released', async ({
  browser,
  relay,
  jvm,
}) => {
  test.setTimeout(180_000);
  const baseline = await jvm.liveCount();
  expect(baseline).toBe(BARE_SERVER);
  const name = writeNotebook(relay, [{ source: WORK }]);
  const contexts = await Promise.all(Array.from({ length: BROWSERS }, () => browser.newContext()));
  const pages = await Promise.all(contexts.map(async (context) => new NotebookPage(await context.newPage(), relay)));
  await Promise.all(pages.map((page) => page.open(name)));

  const relayPid = relay.pid;
  let peakRssKb = rssKb(relayPid);
  const sampler = setInterval(() => (peakRssKb = Math.max(peakRssKb, rssKb(relayPid))), 100);
  const started = performance.now();
  let headless: Awaited<ReturnType<typeof headlessSession>>[];
  try {
    [headless] = await Promise.all([
      Promise.all(Array.from({ length: HEADLESS }, () => headlessSession(relay))),
      ...pages.map(async (page) => {
        await page.button('run-all');
        await page.waitIdle();
        await expect(page.cell(0).outputs).toHaveText(EXPECTED);
      }),
    ]);
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  for (const session of headless) expect(session.result).toMatch(EXPECTED);
  const callbacks = Number(EXPECTED.exec(headless[0]!.result)![1]);
  expect(callbacks).toBeGreaterThan(500);

  for (const session of headless) session.close();
  await Promise.all(contexts.map((context) => context.close()));
  await expect.poll(() => jvm.liveCount(), { timeout: 20_000 }).toBe(baseline);
  const afterRssKb = rssKb(relay.pid);

  const sessions = HEADLESS + BROWSERS;
  const figures = {
    sessions,
    javaCallsPerSession: CALLS,
    callbacksPerSession: callbacks,
    seconds: Number(seconds.toFixed(2)),
    callsPerSecond: Math.round((sessions * CALLS) / seconds),
    callbacksPerSecond: Math.round((sessions * callbacks) / seconds),
    relayPeakRssMb: Number((peakRssKb / 1024).toFixed(1)),
    relayRssAfterMb: Number((afterRssKb / 1024).toFixed(1)),
  };
  mkdirSync('test-results', { recursive: true });
  writeFileSync(path.join('test-results', 'load.json'), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`load: ${JSON.stringify(figures)}`);
});
