/**
 * Runs the per-call figures and the tasks on one client and turns the runs
 * into figures. Between runs each cell's objects are released and the JVM's
 * live count is allowed to come back down, so a run never pays for the last.
 */
import type { CellSession } from './cell-session.ts';
import type { DataFiles } from './data-files.ts';
import type { LiveCount } from './live-count.ts';
import { runPythonTask, type PythonRun } from './python.ts';
import type { ClientTask, PerCall } from './results.ts';
import { figure, median, round } from './stats.ts';
import { PER_CALL, parseTimed, timedCell, type TaskSpec } from './tasks.ts';

interface KernelRun {
  ms: number;
  runMs: number;
  roundTrips: number;
  releaseMessages: number;
  commands: number;
  callbacks: number;
  peakLive: number;
  check: string;
}

/** Samples the floor of a client's path (µs per round trip) right before a run: the machine's speed drifts. */
export type PathFloor = () => Promise<number>;

let cellCounter = 0;

/** Runs a timed cell once; checks its status and its proof of work. */
async function runTimed(
  session: CellSession,
  live: LiveCount,
  cell: { body: string; check: string },
  expected: string | null,
): Promise<KernelRun> {
  const cellId = `bench-${++cellCounter}`;
  const baseline = await live.read();
  const sampler = live.sample();
  const report = await session.run(cellId, timedCell(cell));
  const peak = await sampler.stop();
  if (report.status !== 'ok')
    throw new Error(`The ${session.where} kernel's cell failed: ${report.error ?? report.status}`);
  const timed = parseTimed(report.stdout);
  if (expected !== null && timed.check !== expected) {
    throw new Error(
      `The ${session.where} kernel's cell printed ${JSON.stringify(timed.check)}, expected ${JSON.stringify(expected)}.`,
    );
  }
  await session.releaseCell(cellId);
  await live.settle(baseline);
  const c = report.counters;
  return {
    ms: timed.ms,
    runMs: report.runMs,
    roundTrips: c.callMessages + c.callbacks,
    releaseMessages: c.releaseMessages,
    commands: c.commands,
    callbacks: c.callbacks,
    peakLive: Math.max(0, peak - baseline),
    check: timed.check,
  };
}

export async function kernelTask(
  session: CellSession,
  live: LiveCount,
  spec: TaskSpec,
  n: number,
  runs: number,
  data: DataFiles,
  floor: PathFloor,
): Promise<ClientTask> {
  const results: KernelRun[] = [];
  const floors: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (spec.kind === 'latency') floors.push(await floor());
    results.push(await runTimed(session, live, spec.cell(n, data), spec.expected(n, data)));
  }
  const ms = median(results.map((r) => r.ms));
  const roundTrips = Math.round(median(results.map((r) => r.roundTrips)));
  return {
    ms: figure(results.map((r) => r.ms)),
    roundTrips,
    roundTripsPerOp: round(roundTrips / spec.ops(n), 3),
    usPerRoundTrip: round((ms * 1000) / Math.max(1, roundTrips), 1),
    releaseMessages: Math.round(median(results.map((r) => r.releaseMessages))),
    commands: Math.round(median(results.map((r) => r.commands))),
    callbacks: Math.round(median(results.map((r) => r.callbacks))),
    peakLive: Math.max(...results.map((r) => r.peakLive)),
    cellRunMs: figure(results.map((r) => r.runMs)),
    ...(floors.length > 0 ? { floorUs: round(median(floors), 1) } : {}),
    check: results[0]!.check,
  };
}

export async function pythonTask(
  target: { port: number; token: string },
  live: LiveCount,
  spec: TaskSpec,
  n: number,
  runs: number,
  data: DataFiles,
  floor: PathFloor,
): Promise<ClientTask> {
  const floorUs = spec.kind === 'latency' ? await floor() : undefined;
  const baseline = await live.read();
  const sampler = live.sample();
  const expected = spec.expected(n, data);
  const outcome = await runPythonTask(target, spec.name, n, runs, spec.readsData ? data.file(n).path : undefined).then(
    (runs): { runs: PythonRun[] } => ({ runs }),
    (error: unknown) => ({ error }),
  );
  const peakLive = Math.max(0, (await sampler.stop()) - baseline);
  if ('error' in outcome) throw outcome.error;
  const results = outcome.runs;
  await live.settle(baseline, 5_000);
  const bad = results.find((r) => r.check !== expected);
  if (bad)
    throw new Error(
      `Py4J Python's ${spec.name} printed ${JSON.stringify(bad.check)}, expected ${JSON.stringify(expected)}.`,
    );
  const ms = median(results.map((r) => r.ms));
  const roundTrips = Math.round(median(results.map((r) => r.roundTrips + r.callbacks)));
  return {
    ms: figure(results.map((r) => r.ms)),
    roundTrips,
    roundTripsPerOp: round(roundTrips / spec.ops(n), 3),
    usPerRoundTrip: round((ms * 1000) / Math.max(1, roundTrips), 1),
    deletes: Math.round(median(results.map((r) => r.deletes))),
    callbacks: Math.round(median(results.map((r) => r.callbacks))),
    peakLive,
    ...(floorUs === undefined ? {} : { floorUs: round(floorUs, 1) }),
    check: results[0]!.check,
  };
}

export async function kernelPerCall(
  session: CellSession,
  live: LiveCount,
  n: number,
  runs: number,
  floor: PathFloor,
): Promise<PerCall> {
  const sequential: KernelRun[] = [];
  const pipelined: KernelRun[] = [];
  const floors: number[] = [];
  for (let i = 0; i < runs; i++) {
    floors.push(await floor());
    sequential.push(await runTimed(session, live, PER_CALL.sequential(n), 'done'));
    pipelined.push(await runTimed(session, live, PER_CALL.pipelined(n), String(n)));
  }
  return {
    sequentialUs: figure(
      sequential.map((r) => (r.ms * 1000) / n),
      1,
    ),
    pipelinedPerSec: figure(
      pipelined.map((r) => n / (r.ms / 1000)),
      0,
    ),
    pipelining: true,
    floorUs: round(median(floors), 1),
    sequentialRoundTrips: Math.round(median(sequential.map((r) => r.roundTrips))),
    pipelinedRoundTrips: Math.round(median(pipelined.map((r) => r.roundTrips))),
  };
}

export async function pythonPerCall(
  target: { port: number; token: string },
  n: number,
  runs: number,
  floor: PathFloor,
): Promise<PerCall> {
  const floorUs = await floor();
  const results = await runPythonTask(target, 'per_call_sequential', n, runs);
  const roundTrips = Math.round(median(results.map((r) => r.roundTrips)));
  return {
    sequentialUs: figure(
      results.map((r) => (r.ms * 1000) / n),
      1,
    ),
    pipelinedPerSec: figure(
      results.map((r) => n / (r.ms / 1000)),
      0,
    ),
    pipelining: false,
    floorUs: round(floorUs, 1),
    sequentialRoundTrips: roundTrips,
    pipelinedRoundTrips: roundTrips,
  };
}
