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
import { setupGateway } from '../relay/jvm/gateway-setup.ts';
import { findJava } from '../relay/jvm/java-runtime.ts';
import { findPy4jJar } from '../relay/jvm/py4j-jar.ts';
import { startRelay } from '../relay/server/relay-server.ts';
import { BenchPage, buildBenchPage, connectBrowserKernel, launchChromium } from './lib/browser-kernel.ts';
import type { CellSession } from './lib/cell-session.ts';
import { DataFiles } from './lib/data-files.ts';
import { nodeEcho, startEchoServer } from './lib/echo-server.ts';
import { measureRawTcp, rawSequentialUs, type RawTcpFloor } from './lib/floors.ts';
import { LiveCount } from './lib/live-count.ts';
import { describeMachine, loadAverageNow } from './lib/machine.ts';
import { kernelPerCall, kernelTask, pythonPerCall, pythonTask, type PathFloor } from './lib/measure.ts';
import { connectNodeKernel } from './lib/node-kernel.ts';
import { isComplete, parseOptions, type BenchOptions } from './lib/options.ts';
import { ensurePython } from './lib/python.ts';
import { renderReport } from './lib/report.ts';
import type { Client, ClientTask, Floors, Maybe, PerCall, Results, TaskResult, UiFigures } from './lib/results.ts';
import { figure } from './lib/stats.ts';
import { evaluateTargets } from './lib/targets.ts';
import { PER_CALL, TASKS } from './lib/tasks.ts';
import { measureColdStart, measureUi } from './lib/ui.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const CACHE_DIR = path.join(ROOT, '.cache');
const say = (line: string) => process.stdout.write(`${line}\n`);

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const started = performance.now();
const size = (s: { full: number; quick: number }) => (options.quick ? s.quick : s.full);
const wanted = (name: string) => options.only === null || options.only.includes(name);
const uses = (client: Client) => options.clients.includes(client);
const notSelected = { missing: 'not selected in this run' };
const notes: string[] = [];

say(
  `jvm-notebook bench${options.quick ? ' --quick (small sizes, one run: a smoke test, not figures)' : ''}: median of ${options.runs} run(s) per figure`,
);

const python = uses('python')
  ? await ensurePython(say).then(
      (info) => ({ ok: true as const, ...info }),
      (error: unknown) => ({ ok: false as const, reason: `Py4J Python unavailable: ${(error as Error).message}` }),
    )
  : ({ ok: false as const, reason: notSelected.missing } as const);
if (!python.ok && uses('python')) say(python.reason);
const pythonOr = <T>(fn: () => Promise<T>): Promise<Maybe<T>> =>
  python.ok ? fn() : Promise.resolve({ missing: python.reason });

const gateway = await setupGateway(
  { classpath: undefined, gateway: undefined, py4jJar: undefined, javaHome: undefined, cacheDir: CACHE_DIR },
  () => undefined,
);
const target = gateway.provider.current();
if (!target || target.token === null) throw new Error('The embedded JVM did not start.');
const pyTarget = { port: target.port, token: target.token };
const page = await buildBenchPage();
const data = new DataFiles();
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
say(
  `machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.java.split(' / ')[0]}, Chromium ${machine.chromium}, ` +
    `Python ${machine.python} + py4j ${machine.py4jPython}; load average ${machine.loadAverage.start}`,
);

if (machine.loadAverage.start > 1.5) {
  const busy = `The machine was busy when the run started (load average ${machine.loadAverage.start} on ${machine.cpus} cores): every figure is slower and noisier than on a quiet machine.`;
  notes.push(busy);
  say(busy);
}

let benchPage: BenchPage | null = null;
try {
  benchPage = await BenchPage.open(browser, relay.url);
  const sessions: Record<'browser' | 'node', CellSession> = {
    browser: await connectBrowserKernel(benchPage, relay.wsUrl),
    node: await connectNodeKernel(relay),
  };
  // Floors sampled next to each latency-bound run: raw TCP call, plus the WebSocket echo of the client's hop.
  const sampleCount = options.quick ? 300 : 1_000;
  const echoPayload = `0\n${'c\nz:java.lang.Math\nmax\ni3\ni4\ne\n'}`;
  const pathFloor: Record<Client, PathFloor> = {
    python: () => rawSequentialUs(target, sampleCount),
    node: async () =>
      (await rawSequentialUs(target, sampleCount)) + (await nodeEcho(echo.url, sampleCount, echoPayload)),
    browser: async () =>
      (await rawSequentialUs(target, sampleCount)) +
      (await benchPage!.request<number>({ type: 'echo', url: echo.url, count: sampleCount, payload: echoPayload }))
        .value,
  };
  const kernelOr = <T>(where: 'browser' | 'node', fn: (session: CellSession) => Promise<T>): Promise<Maybe<T>> =>
    uses(where) ? fn(sessions[where]) : Promise.resolve(notSelected);

  // ---- warm-up: the JVM's JIT, the kernels, the relay ------------------------
  say('warm-up…');
  await measureRawTcp(target, 2_000);
  if (!options.quick) {
    for (const spec of TASKS.filter((t) => wanted(t.name))) {
      for (const where of ['browser', 'node'] as const)
        if (uses(where)) await kernelTask(sessions[where], live, spec, spec.size.quick, 1, data, pathFloor[where]);
    }
  }

  // ---- floors ---------------------------------------------------------------
  say('floors…');
  const floorCount = options.quick ? 2_000 : 10_000;
  const raw: RawTcpFloor[] = [];
  const nodeEchoes: number[] = [];
  const browserEchoes: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    raw.push(await measureRawTcp(target, floorCount));
    nodeEchoes.push(await nodeEcho(echo.url, floorCount, echoPayload));
    browserEchoes.push(
      (await benchPage.request<number>({ type: 'echo', url: echo.url, count: floorCount, payload: echoPayload })).value,
    );
  }
  const floors: Floors = {
    wsEchoBrowserUs: figure(browserEchoes, 1),
    wsEchoNodeUs: figure(nodeEchoes, 1),
    rawTcpSequentialUs: figure(
      raw.map((r) => r.sequentialUs),
      1,
    ),
    rawTcpPipelinedPerSec: figure(
      raw.map((r) => r.pipelinedPerSec),
      0,
    ),
    rawTcpBatchedPerSec: figure(
      raw.map((r) => r.batchedPerSec),
      0,
    ),
  };

  // ---- per call -------------------------------------------------------------
  const perCallN = size(PER_CALL.size);
  let perCall: Record<Client, Maybe<PerCall>> = { python: notSelected, browser: notSelected, node: notSelected };
  if (wanted('per-call')) {
    say(`per-call (n = ${perCallN})…`);
    perCall = {
      python: await pythonOr(() => pythonPerCall(pyTarget, perCallN, options.runs, pathFloor.python)),
      browser: await kernelOr('browser', (s) => kernelPerCall(s, live, perCallN, options.runs, pathFloor.browser)),
      node: await kernelOr('node', (s) => kernelPerCall(s, live, perCallN, options.runs, pathFloor.node)),
    };
  }

  // ---- tasks ----------------------------------------------------------------
  const tasks: TaskResult[] = [];
  const attempt = async (fn: () => Promise<Maybe<ClientTask>>): Promise<Maybe<ClientTask>> =>
    fn().catch((error: unknown) => {
      say(`  failed: ${(error as Error).message}`);
      return { missing: `failed: ${(error as Error).message}` };
    });
  for (const spec of TASKS.filter((t) => wanted(t.name))) {
    const n = size(spec.size);
    say(`${spec.name} (n = ${n.toLocaleString('en')})…`);
    tasks.push({
      name: spec.name,
      kind: spec.kind,
      title: spec.title,
      size: n,
      ops: spec.ops(n),
      python: await attempt(() =>
        pythonOr(() => pythonTask(pyTarget, live, spec, n, options.runs, data, pathFloor.python)),
      ),
      browser: await attempt(() =>
        kernelOr('browser', (s) => kernelTask(s, live, spec, n, options.runs, data, pathFloor.browser)),
      ),
      node: await attempt(() =>
        kernelOr('node', (s) => kernelTask(s, live, spec, n, options.runs, data, pathFloor.node)),
      ),
    });
  }
  await sessions.node.close();
  await benchPage.close();
  benchPage = null;

  // ---- UI and cold start ----------------------------------------------------
  const skipped = { missing: options.skipUi ? 'skipped (--skip-ui)' : 'not selected in this run' };
  const uiWanted = !options.skipUi && wanted('ui');
  const ui: UiFigures = uiWanted
    ? await measureUi(browser, { quick: options.quick, runs: options.runs, say, notes })
    : { open200Ms: skipped, clickToOutputMs: skipped, initialJsGzipBytes: skipped, relayRssMb: skipped };
  const coldStartMs =
    !options.skipUi && wanted('cold-start') ? await measureColdStart({ runs: options.runs, say }) : skipped;

  machine.loadAverage.end = loadAverageNow();
  const results: Results = {
    generatedAt: new Date().toISOString(),
    quick: options.quick,
    runs: options.runs,
    durationS: Math.round((performance.now() - started) / 1000),
    machine,
    floors,
    perCall,
    tasks,
    ui,
    coldStartMs,
    targets: [],
    notes,
  };
  results.targets = evaluateTargets(results);
  say(`\n${renderReport(results)}`);
  const file =
    options.out !== null
      ? path.resolve(options.out)
      : isComplete(options)
        ? path.join(ROOT, 'bench', options.quick ? 'results.quick.json' : 'results.json')
        : null;
  if (file !== null) {
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    say(`\nwrote ${path.relative(process.cwd(), file)} (${results.durationS} s)`);
  } else {
    say(`\n(a partial run: no results file written; ${results.durationS} s)`);
  }
} finally {
  await benchPage?.close().catch(() => undefined);
  await browser.close();
  await live.close().catch(() => undefined);
  await echo.close();
  await relay.close();
  await gateway.stop();
  page.remove();
  data.remove();
}
