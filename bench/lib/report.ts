/**
 * The printed report: Markdown tables (readable in a terminal, pasteable into
 * the README), the targets, and what could not be measured.
 */
import { CLIENTS, CLIENT_NAMES, isMissing, type ClientTask, type Maybe, type Results } from './results.ts';
import type { Figure } from './stats.ts';

export function renderReport(r: Results): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.os}; Node ${m.node}; ${m.java.split(' / ')[0]}; Chromium ${m.chromium}; Python ${m.python} with py4j ${m.py4jPython}; ${m.py4jJar}. Median of ${r.runs} run(s)${r.quick ? ', --quick sizes (smoke test only)' : ''}.`,
  );
  out.push('');
  out.push('| floor (nothing of ours in the path) | |');
  out.push('|---|---|');
  out.push(`| WebSocket echo, browser worker ↔ Node | ${us(r.floors.wsEchoBrowserUs)} |`);
  out.push(`| WebSocket echo, Node ↔ Node | ${us(r.floors.wsEchoNodeUs)} |`);
  out.push(`| raw Py4J call from Node over TCP, sequential | ${us(r.floors.rawTcpSequentialUs)} |`);
  out.push(`| raw Py4J calls over TCP, pipelined, one per write | ${perSec(r.floors.rawTcpPipelinedPerSec)} |`);
  out.push(`| raw Py4J calls over TCP, 100 per write | ${perSec(r.floors.rawTcpBatchedPerSec)} |`);
  out.push('');
  out.push(`| per call | ${CLIENTS.map((c) => CLIENT_NAMES[c]).join(' | ')} |`);
  out.push('|---|---:|---:|---:|');
  out.push(
    `| sequential, µs per awaited call | ${CLIENTS.map((c) => cell(r.perCall[c], (p) => us(p.sequentialUs))).join(' | ')} |`,
  );
  out.push(
    `| floor of that client's path², µs | ${CLIENTS.map((c) => cell(r.perCall[c], (p) => `${p.floorUs.toFixed(1)} µs`)).join(' | ')} |`,
  );
  out.push(
    `| \`Promise.all\` of ${r.quick ? 'n' : '10,000'} calls, calls/s (round trips) | ${CLIENTS.map((c) =>
      cell(r.perCall[c], (p) =>
        p.pipelining ? `${perSec(p.pipelinedPerSec)} (${p.pipelinedRoundTrips})` : `${perSec(p.pipelinedPerSec)}¹`,
      ),
    ).join(' | ')} |`,
  );
  out.push('');
  out.push('¹ Py4J Python cannot issue calls together; its figure is its sequential rate.');
  out.push(
    "² Sampled right before the runs: raw TCP Py4J call, plus for our kernels a WebSocket echo of that client's hop. The machine's speed drifts, so each figure is compared with the floor measured next to it.",
  );
  out.push('');
  out.push(
    `| task: ms (round trips) | ${CLIENTS.map((c) => CLIENT_NAMES[c]).join(' | ')} | browser vs Python | Node vs Python |`,
  );
  out.push('|---|---:|---:|---:|---:|---:|');
  for (const t of r.tasks) {
    const cells = CLIENTS.map((c) => cell(t[c], (x) => `${ms(x.ms.median)} (${x.roundTrips.toLocaleString('en')})`));
    out.push(`| \`${t.name}\` | ${cells.join(' | ')} | ${ratio(t.python, t.browser)} | ${ratio(t.python, t.node)} |`);
  }
  out.push('');
  out.push(
    'Round trips: messages a client waited for, plus callbacks from the JVM. Py4J Python also waits for a delete of every object it drops; ours send releases in batches nobody waits for:',
  );
  for (const t of r.tasks) {
    const parts: string[] = [];
    if (!isMissing(t.python)) parts.push(`Python ${t.python.deletes ?? 0} deletes`);
    for (const where of ['browser', 'node'] as const) {
      const x = t[where];
      if (!isMissing(x)) parts.push(`${where} ${x.releaseMessages ?? 0} release messages, ${x.commands ?? 0} commands`);
    }
    const callbacks = CLIENTS.map((c) => t[c]).find((x): x is ClientTask => !isMissing(x) && x.callbacks > 0);
    if (callbacks) parts.push(`${callbacks.callbacks} callbacks`);
    const peaks = CLIENTS.map((c) => (isMissing(t[c]) ? '–' : (t[c] as ClientTask).peakLive.toLocaleString('en'))).join(
      ' / ',
    );
    const perRoundTrip =
      t.kind === 'throughput'
        ? ''
        : `; µs per round trip ${CLIENTS.map((c) => {
            const x = t[c];
            if (isMissing(x)) return '–';
            const floor = x.floorUs === undefined ? '' : ` (floor ${Math.round(x.floorUs)})`;
            return `${Math.round(x.usPerRoundTrip)}${floor}`;
          }).join(' / ')}`;
    out.push(
      `- \`${t.name}\` (n = ${t.size.toLocaleString('en')}): ${parts.join('; ')}; peak live objects ${peaks}${perRoundTrip}`,
    );
  }
  out.push('');
  out.push('| UI (real notebook, `jvm-notebook start`) | |');
  out.push('|---|---|');
  out.push(
    `| open a 200-cell notebook until every visible cell shows its code | ${cell(r.ui.open200Ms, (f) => `${ms(f.median)} ms`)} |`,
  );
  out.push(
    `| click Run on \`1 + 1\` until its output shows | ${cell(r.ui.clickToOutputMs, (f) => `${ms(f.median)} ms`)} |`,
  );
  out.push(
    `| JavaScript loaded before the editor, gzip | ${cell(r.ui.initialJsGzipBytes, (g) => `${(g.total / 1024).toFixed(1)} KiB`)} |`,
  );
  out.push(
    `| relay (Node process) resident memory, idle → after load | ${cell(r.ui.relayRssMb, (x) => `${x.idle} → ${x.afterLoad} MB`)} |`,
  );
  out.push(
    `| cold start: \`npm start\` to the URL line, embedded JVM | ${cell(r.coldStartMs, (f) => `${ms(f.median)} ms`)} |`,
  );
  out.push('');
  out.push('Targets:');
  for (const t of r.targets)
    out.push(`- ${t.met === null ? 'NOT MEASURED' : t.met ? 'met' : 'NOT MET'}: ${t.text} — ${t.detail}`);
  const missing = collectMissing(r);
  if (missing.length > 0) {
    out.push('');
    out.push('Not measured:');
    for (const line of missing) out.push(`- ${line}`);
  }
  for (const note of r.notes) out.push(`Note: ${note}`);
  return out.join('\n');
}

function cell<T>(value: Maybe<T>, show: (v: T) => string): string {
  return isMissing(value) ? 'n/a' : show(value);
}

function us(f: Maybe<Figure>): string {
  return cell(f, (x) => `${x.median.toFixed(1)} µs`);
}

function perSec(f: Figure): string {
  return `${Math.round(f.median).toLocaleString('en')}/s`;
}

function ms(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en') : value.toFixed(1);
}

function ratio(python: Maybe<ClientTask>, ours: Maybe<ClientTask>): string {
  if (isMissing(python) || isMissing(ours)) return 'n/a';
  const r = python.ms.median / ours.ms.median;
  return r >= 1 ? `${r.toFixed(1)}× faster` : `${(1 / r).toFixed(1)}× slower`;
}

function collectMissing(r: Results): string[] {
  const lines: string[] = [];
  const visit = (label: string, value: unknown) => {
    if (typeof value === 'object' && value !== null && 'missing' in value)
      lines.push(`${label}: ${(value as { missing: string }).missing}`);
  };
  visit('browser WebSocket echo', r.floors.wsEchoBrowserUs);
  for (const c of CLIENTS) visit(`per call, ${CLIENT_NAMES[c]}`, r.perCall[c]);
  for (const t of r.tasks) for (const c of CLIENTS) visit(`${t.name}, ${CLIENT_NAMES[c]}`, t[c]);
  visit('UI open', r.ui.open200Ms);
  visit('UI click-to-output', r.ui.clickToOutputMs);
  visit('UI initial JS', r.ui.initialJsGzipBytes);
  visit('relay memory', r.ui.relayRssMb);
  visit('cold start', r.coldStartMs);
  return lines;
}
