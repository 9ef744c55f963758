/**
 * `npm run bench`: the side-by-side benchmark of issue 6. One embedded JVM
 * (stock Py4J) serves three clients in turn — Py4J's Python client connected
 * straight to it, our kernel in a Chromium worker and our kernel in Node, both
 * through one in-process relay — plus the floors of each hop, the notebook UI
 * (through `jvm-notebook start`) and the cold start. Prints a table and writes
 * bench/results.json (bench/results.quick.json with --quick).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setupGateway } from '../relay/gateway-setup.ts';
import { findJava } from '../relay/java-runtime.ts';
import { findPy4jJar } from '../relay/py4j-jar.ts';
import { startRelay } from '../relay/relay-server.ts';
import { BenchPage, buildBenchPage, connectBrowserKernel, launchChromium } from './lib/browser-kernel.ts';
import type { CellSession } from './lib/cell-session.ts';
import { nodeEcho, startEchoServer } from './lib/echo-server.ts';
import { measureRawTcp } from './lib/floors.ts';
import { connectNodeKernel } from './lib/node-kernel.ts';
import { LiveCount } from './lib/live-count.ts';
import { describeMachine } from './lib/machine.ts';
import { kernelPerCall, kernelTask, pythonPerCall, pythonTask } from './lib/measure.ts';
import { parseOptions } from './lib/options.ts';
import { ensurePython } from './lib/python.ts';
import { renderReport } from './lib/report.ts';
import type { Client, ClientTask, Floors, Maybe, PerCall, Results, TaskResult } from './lib/results.ts';
import { figure } from './lib/stats.ts';
import { evaluateTargets } from './lib/targets.ts';
import { TASKS, PER_CALL } from './lib/tasks.ts';
import { measureUi, measureColdStart } from './lib/ui.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CACHE_DIR = path.join(ROOT, '.cache');

const options = parseOptions(process.argv.slice(2));
const started = performance.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
const size = (s: { full: number; quick: number }) => (options.quick ? s.quick : s.full);
const notes: string[] = [];

say(`jvm-notebook bench${options.quick ? ' --quick (small sizes, one run: a smoke test, not figures)' : ''}: median of ${options.runs} run(s) per figure`);

const python = await ensurePython(say).then(
  (info) => ({ ok: true as const, ...info }),
  (error: unknown) => ({ ok: false as const, reason: `Py4J Python unavailable: ${(error as Error).message}` }),
);
if (!python.ok) say(python.reason);

const gateway = await setupGateway({ classpath: undefined, gateway: undefined, py4jJar: undefined, javaHome: undefined, cacheDir: CACHE_DIR }, () => undefined);
const target = gateway.provider.current();
if (!target || target.token === null) throw new Error('The embedded JVM did not start.');
const pyTarget = { port: target.port, token: target.token };
const page = await buildBenchPage();
const relay = await startRelay({ gateway: gateway.provider, staticDir: page.dir });
const echo = await startEchoServer();
const live = await LiveCount.open(target);
const browser = await launchChromium();

const machine = await describeMachine({
  javaPath: (await findJava()).javaPath,
  chromium: browser.version(),
  python: python.ok ? python.python : 'unavailable',
  py4jPython: python.ok ? python.py4j : 'unavailable',
  py4jJar: path.basename(await findPy4jJar({ cacheDir: CACHE_DIR })),
});
say(`machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.java.split(' / ')[0]}, Chromium ${machine.chromium}, Python ${machine.python} + py4j ${machine.py4jPython}`);

let benchPage: BenchPage | null = null;
const sessions: Partial<Record<Client, CellSession>> = {};
try {
  benchPage = await BenchPage.open(browser, relay.url);
  sessions.browser = await connectBrowserKernel(benchPage, relay.wsUrl);
  sessions.node = await connectNodeKernel(relay);

  // ---- floors ---------------------------------------------------------------
  say('\nfloors…');
  const floorCount = options.quick ? 2_000 : 10_000;
  const echoPayload = `0\n${'c\nz:java.lang.Math\nmax\ni3\ni4\ne\n'}`;
  const raw = [];
  const nodeEchoes = [];
  const browserEchoes = [];
  for (let i = 0; i < options.runs; i++) {
    raw.push(await measureRawTcp(target, floorCount));
    nodeEchoes.push(await nodeEcho(echo.url, floorCount, echoPayload));
    browserEchoes.push((await benchPage.request<number>({ type: 'echo', url: echo.url, count: floorCount, payload: echoPayload })).value);
  }
  const floors: Floors = {
    wsEchoBrowserUs: figure(browserEchoes, 1),
    wsEchoNodeUs: figure(nodeEchoes, 1),
    rawTcpSequentialUs: figure(raw.map((r) => r.sequentialUs), 1),
    rawTcpPipelinedPerSec: figure(raw.map((r) => r.pipelinedPerSec), 0),
    rawTcpBatchedPerSec: figure(raw.map((r) => r.batchedPerSec), 0),
  };

  // ---- warm-up: every task once, small, on each kernel (JIT of the JVM, the kernels, the relay) --
  if (!options.quick) {
    say('warm-up…');
    for (const spec of TASKS) {
      for (const where of ['browser', 'node'] as const) await kernelTask(sessions[where]!, live, spec, spec.size.quick, 1);
    }
  }

  // ---- per call -------------------------------------------------------------
  say('per-call…');
  const perCallN = size(PER_CALL.size);
  const perCall: Record<Client, Maybe<PerCall>> = {
    python: python.ok ? await pythonPerCall(pyTarget, perCallN, options.runs) : { missing: python.reason },
    browser: await kernelPerCall(sessions.browser, live, perCallN, options.runs),
    node: await kernelPerCall(sessions.node, live, perCallN, options.runs),
  };

  // ---- tasks ----------------------------------------------------------------
  const tasks: TaskResult[] = [];
  for (const spec of TASKS) {
    const n = size(spec.size);
    say(`${spec.name} (n = ${n})…`);
    const attempt = async (fn: () => Promise<ClientTask>): Promise<Maybe<ClientTask>> =>
      fn().catch((error: unknown) => {
        say(`  failed: ${(error as Error).message}`);
        return { missing: `failed: ${(error as Error).message}` };
      });
    tasks.push({
      name: spec.name,
      kind: spec.kind,
      title: spec.title,
      size: n,
      ops: spec.ops(n),
      python: python.ok ? await attempt(() => pythonTask(pyTarget, live, spec, n, options.runs)) : { missing: python.reason },
      browser: await attempt(() => kernelTask(sessions.browser!, live, spec, n, options.runs)),
      node: await attempt(() => kernelTask(sessions.node!, live, spec, n, options.runs)),
    });
  }

  await sessions.node.close();
  await benchPage.close();
  benchPage = null;

  // ---- UI and cold start ----------------------------------------------------
  const ui = options.skipUi ? null : await measureUi(browser, { quick: options.quick, runs: options.runs, say });
  const coldStartMs = options.skipUi ? { missing: 'skipped (--skip-ui)' } : await measureColdStart({ runs: options.runs, say });

  const results: Results = {
    generatedAt: new Date().toISOString(),
    quick: options.quick,
    runs: options.runs,
    durationS: 0,
    machine,
    floors,
    perCall,
    tasks,
    ui: ui ?? {
      open200Ms: { missing: 'skipped (--skip-ui)' },
      clickToOutputMs: { missing: 'skipped (--skip-ui)' },
      initialJsGzipBytes: { missing: 'skipped (--skip-ui)' },
      relayRssMb: { missing: 'skipped (--skip-ui)' },
    },
    coldStartMs,
    targets: [],
    notes,
  };
  results.targets = evaluateTargets(results);
  results.durationS = Math.round((performance.now() - started) / 1000);
  const file = path.join(ROOT, 'bench', options.quick ? 'results.quick.json' : 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  say(`\n${renderReport(results)}`);
  say(`\nwrote ${path.relative(ROOT, file)} in ${results.durationS} s`);
} finally {
  await benchPage?.close().catch(() => undefined);
  await browser.close();
  await live.close().catch(() => undefined);
  await echo.close();
  await relay.close();
  await gateway.stop();
  page.remove();
}
