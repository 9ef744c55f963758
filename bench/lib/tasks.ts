/**
 * The benchmark's work, written twice: as TypeScript cells the way the README
 * teaches, and (in bench/python/py4j_tasks.py) as Python the way a Py4J user
 * writes it. Both sides do the same Java-side work on the same sizes. A cell
 * times itself with its own clock (`performance.now()` of the worker or of
 * Node) and prints one JSON line: `{ "ms": …, "check": "…" }`.
 */

import type { DataFiles } from './data-files.ts';

export type TaskKind = 'throughput' | 'latency';

export interface TaskSpec {
  name: string;
  kind: TaskKind;
  /** One line for the table and the README. */
  title: string;
  /** Problem size: full run and --quick run. */
  size: { full: number; quick: number };
  /** Operations the task performs (calls the user wrote, callbacks for the sort), for round trips per operation. */
  ops(n: number): number;
  /** The cell body (top-level code, as a user writes it) and the expression whose text proves the work was done. */
  cell(n: number, data: DataFiles): { body: string; check: string };
  expected(n: number, data: DataFiles): string;
  /** Whether the task reads a data file (its path goes to the Python side). */
  readsData?: true;
}

export const TASKS: readonly TaskSpec[] = [
  {
    name: 'fill_read_10k',
    kind: 'throughput',
    title: 'new ArrayList, add 10,000 ints, read back into a native list',
    size: { full: 10_000, quick: 2_000 },
    ops: (n) => n + 1,
    cell: (n) => ({
      body: `const list = await new jvm.java.util.ArrayList();
await Promise.all(Array.from({ length: ${n} }, (_, i) => list.add(i)));
const values = await toJS(list);`,
      check: '`${values.length} ${values[values.length - 1]}`',
    }),
    expected: (n) => `${n} ${n - 1}`,
  },
  {
    name: 'map_read_10k',
    kind: 'throughput',
    title: 'new HashMap, put 10,000 entries, read back into a native map',
    size: { full: 10_000, quick: 2_000 },
    ops: (n) => n + 1,
    cell: (n) => ({
      body: `const map = await new jvm.java.util.HashMap();
await Promise.all(Array.from({ length: ${n} }, (_, i) => map.put(i, i)));
const entries = await toJS(map);`,
      check: '`${entries.size} ${entries.get(' + (n - 1) + ')}`',
    }),
    expected: (n) => `${n} ${n - 1}`,
  },
  {
    name: 'bytes_10mb',
    kind: 'throughput',
    title: 'a 10 MB Java byte[] (a file read by the JVM) into native bytes',
    size: { full: 10_000_000, quick: 1_000_000 },
    ops: () => 3,
    readsData: true,
    cell: (n, data) => ({
      body: `const file = await new jvm.java.io.File(${JSON.stringify(data.file(n).path)});
const bytes = await jvm.java.nio.file.Files.readAllBytes(await file.toPath());`,
      check: '`${bytes.length} ${bytes.reduce((sum, b) => (sum + b) % 2 ** 32, 0)}`',
    }),
    expected: (n, data) => `${n} ${data.file(n).checksum}`,
  },
  {
    name: 'resolve_static_2k',
    kind: 'latency',
    title: '2,000 × jvm.java.lang.System.currentTimeMillis(), each awaited',
    size: { full: 2_000, quick: 500 },
    ops: (n) => n,
    cell: (n) => ({
      body: `let now = 0n;
for (let i = 0; i < ${n}; i++) now = await jvm.java.lang.System.currentTimeMillis();`,
      check: '`${now > 0n}`',
    }),
    expected: () => 'true',
  },
  {
    name: 'sequential_append_5k',
    kind: 'latency',
    title: '5,000 awaited StringBuilder.append calls',
    size: { full: 5_000, quick: 1_000 },
    ops: (n) => n + 2,
    cell: (n) => ({
      body: `const sb = await new jvm.java.lang.StringBuilder();
for (let i = 0; i < ${n}; i++) await sb.append(i % 10);
const length = await sb.length();`,
      check: '`${length}`',
    }),
    expected: (n) => `${n}`,
  },
  {
    name: 'temporaries_100k',
    kind: 'latency',
    title: '100,000 short-lived Java objects, each construction awaited, nothing released by hand',
    size: { full: 100_000, quick: 5_000 },
    ops: (n) => n,
    cell: (n) => ({
      body: `for (let i = 0; i < ${n}; i++) await new jvm.java.lang.Object();`,
      check: "'done'",
    }),
    expected: () => 'done',
  },
  {
    name: 'callback_sort_1k',
    kind: 'latency',
    title: 'sort 1,000 shuffled ints in Java with a comparator written in the client language',
    size: { full: 1_000, quick: 200 },
    // The n values put in the list, the sort and the two reads; each comparison is a callback round trip on top.
    ops: (n) => n + 3,
    cell: (n) => ({
      body: `const shuffled = Array.from({ length: ${n} }, (_, i) => (i * 7919) % ${n});
const list = await new jvm.java.util.ArrayList(shuffled);
const ascending = implement('java.util.Comparator', { compare: (a, b) => a - b });
await jvm.java.util.Collections.sort(list, ascending);
const ends = [await list.get(0), await list.get(${n - 1})];`,
      check: '`${ends[0]} ${ends[1]}`',
    }),
    expected: (n) => `0 ${n - 1}`,
  },
];

/** Per-call figures: the same static call, awaited one by one, and issued together. */
export const PER_CALL = {
  size: { full: 10_000, quick: 2_000 },
  sequential: (n: number) => ({
    body: `for (let i = 0; i < ${n}; i++) await jvm.java.lang.Math.max(i, 4);`,
    check: "'done'",
  }),
  pipelined: (n: number) => ({
    body: `const maxima = await Promise.all(Array.from({ length: ${n} }, (_, i) => jvm.java.lang.Math.max(i, 4)));`,
    check: '`${maxima.length}`',
  }),
};

/** The source of a cell that runs `body` and prints its own timing and check as one JSON line. */
export function timedCell(cell: { body: string; check: string }): string {
  return `const __started = performance.now();
${cell.body}
const __ms = performance.now() - __started;
console.log(JSON.stringify({ ms: __ms, check: ${cell.check} }));`;
}

/** Reads the JSON line a timed cell printed. */
export function parseTimed(stdout: string): { ms: number; check: string } {
  const line = stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as { ms: number; check: string };
  return { ms: parsed.ms, check: String(parsed.check) };
}
