/**
 * A kernel session: one connection to the JVM (through the relay), the
 * bindings shared by all cells, and one scope per cell. Runs cells one at a
 * time; each run reports its outputs to the caller's sink and settles once.
 */
import { createCellApi, type CellApi } from './cell-api.ts';
import { createCellConsole } from './cell-console.ts';
import { compileCell, instantiateCell, type CompiledCell } from './compile-cell.ts';
import { errorOutput } from './error-output.ts';
import { describeJavaObjects, formatValue } from './format-value.ts';
import { OrderedOutputs } from './ordered-outputs.ts';
import {
  CallbackRegistry,
  GatewayClient,
  GatewayClosedError,
  callbackOf,
  refOf,
  type CallbackEntry,
  type Transport,
} from './gateway/index.ts';
import type { CellOutput } from '../protocol/outputs.ts';
import { callCommand } from '../protocol/py4j/index.ts';

/** Inspection runs beside the cell's calls, so it answers even while a cell waits on Java. */
const HOUSEKEEPING = 1;
import { Scope } from './scope.ts';
import { TABLE_MIME, tableOf } from './table-output.ts';

export interface RunRequest {
  cellId: string;
  source: string;
  /** How messages name the cell, e.g. `cell 3`. Defaults to the id. */
  label?: string;
  /** Called when the run leaves the queue and starts, with its execution count. */
  onStart?: (executionCount: number) => void;
}

export interface RunResult {
  cellId: string;
  status: 'ok' | 'error' | 'interrupted';
  executionCount: number;
  durationMs: number;
  /** The error output, when the run failed. */
  error?: CellOutput & { output_type: 'error' };
}

export type OutputSink = (output: CellOutput) => void;

export class InterruptedError extends Error {
  override name = 'InterruptedError';
  readonly code = 'E_INTERRUPTED';
  constructor() {
    super(
      'The cell was interrupted; the Java call it was waiting for keeps running on the JVM, its result is dropped.',
    );
  }
}

interface Running {
  cellId: string;
  scope: Scope;
  outputs: OrderedOutputs<CellOutput>;
  executionCount: number;
}

export interface KernelOptions {
  transport: Transport;
  /** Output made while no cell runs (a callback fired later), with the cell that created the callback. */
  onOutsideOutput?: (cellId: string | null, output: CellOutput) => void;
  /** Clock for durations; injectable for tests. */
  now?: () => number;
}

export class Kernel {
  readonly client: GatewayClient;
  readonly callbacks: CallbackRegistry;
  readonly sessionScope: Scope;
  /** Callbacks running now, innermost last: their owners' scopes adopt what they obtain. */
  private readonly activeCallbacks: CallbackEntry[] = [];
  private readonly onOutsideOutput: KernelOptions['onOutsideOutput'];
  private readonly cellScopes = new Map<string, Scope>();
  private bindings: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private readonly api: CellApi;
  private executionCount = 0;
  private running: Running | null = null;
  /** Where output goes when no cell runs (e.g. a callback after its cell ended): the last run's outputs. */
  private lastOutputs: OrderedOutputs<CellOutput> | null = null;
  /** Output of callbacks that run after their cell ended, per owning cell (`null`: the session). */
  private readonly outsideOutputs = new Map<string | null, OrderedOutputs<CellOutput>>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  /** What `display(x)` returned: a cell ending in an un-awaited display has no result to show. */
  private readonly displayPromises = new WeakSet<Promise<void>>();

  constructor(options: KernelOptions) {
    this.now = options.now ?? (() => performance.now());
    this.onOutsideOutput = options.onOutsideOutput;
    this.client = new GatewayClient({
      transport: options.transport,
      currentScope: () => this.activeCallbacks.at(-1)?.ownerScope ?? this.running?.scope ?? this.sessionScope,
      extraArg: (value) => {
        const entry = callbackOf(value);
        return entry ? this.callbacks.wireArg(entry) : undefined;
      },
    });
    this.sessionScope = new Scope('the session (keep)', (items) => this.client.releaseItems(items));
    this.callbacks = new CallbackRegistry(
      {
        fromWire: (value, scope) => {
          return value.kind === 'ref'
            ? this.client.adopt(value.id, value.refKind, true, scope)
            : this.client.fromWire(value);
        },
        toWire: (value) => this.client.toWire(value),
        runAs: async (entry, fn) => {
          this.activeCallbacks.push(entry);
          try {
            return await fn();
          } finally {
            this.activeCallbacks.splice(this.activeCallbacks.lastIndexOf(entry), 1);
          }
        },
      },
      options.transport.callbackPrefix ?? 'p',
    );
    options.transport.serveCallbacks?.((command) => this.callbacks.handle(command));
    const console = createCellConsole(
      (name, text) => {
        if (typeof text === 'string') this.emit({ output_type: 'stream', name, text });
        else
          this.outputsNow()?.reserve(
            text.then((line) => ({ output_type: 'stream', name, text: line })),
            (error) => errorOutput(error, null),
          );
      },
      (value) => describeJavaObjects(this.client, value),
    );
    this.api = createCellApi({
      client: this.client,
      sessionScope: this.sessionScope,
      console,
      display: (value) => {
        // The place is taken now, so the display keeps its order even when the cell does not await it;
        // a pending Java call passed in is awaited, as the cell meant its value.
        const shown = Promise.resolve(value).then(async (resolved) => {
          try {
            return await this.richData(resolved);
          } catch {
            return { 'text/plain': formatValue(resolved) };
          }
        });
        this.outputsNow()?.reserve(
          shown.then((data) => ({ output_type: 'display_data', data, metadata: {} })),
          (error) => errorOutput(error, null),
        );
        const done = shown.then(
          () => undefined,
          () => undefined,
        );
        this.displayPromises.add(done);
        return done;
      },
      displayData: (data) => this.emit({ output_type: 'display_data', data, metadata: {} }),
      implement: (interfaces, methods) => this.implement(interfaces, methods),
    });
  }

  /** Runs a cell after any run already queued; never rejects. */
  run(request: RunRequest, emit: OutputSink): Promise<RunResult> {
    const result = this.queue.then(() => this.runNow(request, emit));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Java objects currently held, per cell and for the session. */
  liveObjects(): { total: number; session: number; cells: Record<string, number> } {
    const cells: Record<string, number> = {};
    let total = this.sessionScope.size;
    for (const [id, scope] of this.cellScopes) {
      cells[id] = scope.size;
      total += scope.size;
    }
    return { total, session: this.sessionScope.size, cells };
  }

  /**
   * Counts a cell's live Java objects by class (the session's kept ones for
   * `null`): one pipelined round trip for the classes, one for their names.
   */
  async objectClasses(cellId: string | null): Promise<Record<string, number>> {
    const scope = cellId === null ? this.sessionScope : this.cellScopes.get(cellId);
    const counts: Record<string, number> = {};
    if (!scope) return counts;
    const names = await Promise.all(
      scope.list().map(async (item) => {
        if ('interfaces' in item) return `TypeScript callback (${(item as CallbackEntry).interfaces.join(', ')})`;
        const cls = await this.client.request(callCommand(item.id, 'getClass', []), HOUSEKEEPING);
        if (cls.type !== 'value' || cls.value.kind !== 'ref') return '?';
        const name = await this.client.request(callCommand(cls.value.id, 'getName', []), HOUSEKEEPING);
        this.client.releaseId(cls.value.id);
        return name.type === 'value' && name.value.kind === 'string' ? name.value.value : '?';
      }),
    );
    for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
    return counts;
  }

  /** Releases a cell's objects (the cell was deleted). Returns how many were released. */
  releaseCell(cellId: string): number {
    const scope = this.cellScopes.get(cellId);
    if (!scope) return 0;
    this.cellScopes.delete(cellId);
    return scope.release();
  }

  /** Fresh bindings and counter; every Java object of the session is released. */
  restart(): number {
    this.callbacks.clear();
    let released = this.sessionScope.release({ close: false });
    for (const id of [...this.cellScopes.keys()]) released += this.releaseCell(id);
    this.bindings = Object.create(null) as Record<string, unknown>;
    this.executionCount = 0;
    return released;
  }

  /** Stops waiting for the Java call the running cell is blocked on. */
  interrupt(): boolean {
    if (!this.running) return false;
    this.client.abandonCalls(new InterruptedError());
    return true;
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  private emit(output: CellOutput): void {
    this.outputsNow()?.push(output);
  }

  /** The outputs an output asked for now joins: the running cell's, a callback owner's, or the last run's. */
  private outputsNow(): OrderedOutputs<CellOutput> | null {
    if (this.running) return this.running.outputs;
    const callback = this.activeCallbacks.at(-1);
    const onOutside = this.onOutsideOutput;
    if (!callback || !onOutside) return this.lastOutputs;
    const owner = callback.ownerCell;
    let outputs = this.outsideOutputs.get(owner);
    if (!outputs) {
      outputs = new OrderedOutputs((output) => onOutside(owner, output));
      this.outsideOutputs.set(owner, outputs);
    }
    return outputs;
  }

  /** `implement(...)` for the cell API: owned by the running cell (or the session). */
  implement(interfaces: string | readonly string[], methods: Record<string, (...args: never[]) => unknown>): unknown {
    const scope = this.running?.scope ?? this.sessionScope;
    return this.callbacks.create(interfaces, methods, { scope, cellId: this.running?.cellId ?? null });
  }

  private async runNow(request: RunRequest, emit: OutputSink): Promise<RunResult> {
    const started = this.now();
    const executionCount = ++this.executionCount;
    const label = request.label ?? request.cellId;
    this.releaseCell(request.cellId);
    const scope = new Scope(label, (items) => this.client.releaseItems(items));
    this.cellScopes.set(request.cellId, scope);
    const outputs = new OrderedOutputs(emit);
    this.running = { cellId: request.cellId, scope, outputs, executionCount };
    this.lastOutputs = outputs;
    request.onStart?.(executionCount);
    let compiled: CompiledCell | null = null;
    const sourceUrl = `${label.replace(/\s/g, '_')}`;
    try {
      compiled = compileCell(request.source, { cellName: sourceUrl });
      const outcome = await instantiateCell(compiled)(this.bindings, this.api);
      const result = outcome?.value;
      if (compiled.hasResult && result !== undefined && !this.displayPromises.has(result as Promise<void>)) {
        outputs.push({
          output_type: 'execute_result',
          execution_count: executionCount,
          data: await this.richData(result),
          metadata: {},
        });
      }
      // The run settles after its displays: one the cell did not await is shown, not dropped.
      await outputs.settled();
      return { cellId: request.cellId, status: 'ok', executionCount, durationMs: this.now() - started };
    } catch (error) {
      const out = errorOutput(error, {
        sourceUrl,
        lineOffset: compiled?.lineOffset ?? 0,
        source: request.source,
        label,
      });
      outputs.push(out);
      await outputs.settled();
      const status = error instanceof InterruptedError ? 'interrupted' : 'error';
      return { cellId: request.cellId, status, executionCount, durationMs: this.now() - started, error: out };
    } finally {
      this.running = null;
    }
  }

  /** A value as text, plus a table when it is a collection. */
  private async richData(value: unknown): Promise<Record<string, string>> {
    const [descriptions, table] = await Promise.all([
      describeJavaObjects(this.client, value),
      tableOf(this.client, value),
    ]);
    const data: Record<string, string> = { 'text/plain': formatValue(value, descriptions) };
    if (table) {
      const ref = refOf(value);
      const className = ref ? descriptions.get(ref.id)?.className : undefined;
      data[TABLE_MIME] = JSON.stringify(className ? { ...table, title: className } : table);
    }
    return data;
  }

  /** Whether the connection to the JVM is gone. */
  get closed(): boolean {
    return this.client.pipeline.closed;
  }
}

export { GatewayClosedError };
