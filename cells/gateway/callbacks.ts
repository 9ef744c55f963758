/**
 * TypeScript objects that implement Java interfaces. `implement(...)` registers
 * an object under a proxy id; passed to Java it travels as `f<id>;<interfaces>`
 * and the JVM builds a dynamic proxy whose calls come back as callback
 * commands (`c\n<id>\n<method>\n<args>e\n`), which this registry answers.
 *
 * A callback belongs to the scope of the cell that created it: releasing the
 * scope unregisters it, and a later call from Java gets a Java-side exception
 * that says so.
 */
import {
  callbackCommandLines,
  decodeValue,
  errorAnswer,
  parseCallbackCommand,
  valueAnswer,
  voidAnswer,
  type CallbackCommand,
  type WireArg,
  type WireValue,
} from '../../protocol/py4j/index.ts';
import { JavaUsageError } from './errors.ts';
import type { Owned, ScopeLike } from './java-ref.ts';

export const CALLBACK: unique symbol = Symbol.for('jvm-notebook.callback') as never;

/** The JS face of an implemented interface: pass it to Java methods. */
export interface JavaCallback {
  readonly [CALLBACK]: CallbackEntry;
}

export type CallbackMethods = Record<string, (...args: never[]) => unknown>;

export interface CallbackEntry extends Owned {
  readonly interfaces: readonly string[];
  readonly methods: CallbackMethods;
  /** The cell that created it, for routing output when no cell is running. */
  readonly ownerCell: string | null;
  readonly ownerScope: ScopeLike;
  dispose(): void;
}

/** What the registry needs from its host: value conversion and where to run. */
export interface CallbackHost {
  /** Wire value → JS value, references adopted by `scope`. */
  fromWire(value: WireValue, scope: ScopeLike): unknown;
  /** JS value → wire argument (may create Java collections). */
  toWire(value: unknown): Promise<WireArg>;
  /** Runs `fn` with `entry`'s owner as the current scope and output target. */
  runAs<T>(entry: CallbackEntry, fn: () => Promise<T>): Promise<T>;
}

export function callbackOf(value: unknown): CallbackEntry | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  return (value as { [CALLBACK]?: CallbackEntry })[CALLBACK];
}

export class CallbackRegistry {
  private readonly entries = new Map<string, CallbackEntry>();
  private next = 0;
  /** Callback calls answered, for statistics and tests. */
  calls = 0;

  constructor(
    private readonly host: CallbackHost,
    /** Prefix making ids unique across the relay's sessions (the relay routes by it). */
    private idPrefix: string,
  ) {}

  setPrefix(prefix: string): void {
    this.idPrefix = prefix;
  }

  get size(): number {
    return this.entries.size;
  }

  create(
    interfaces: string | readonly string[],
    methods: CallbackMethods,
    owner: { scope: ScopeLike; cellId: string | null },
  ): JavaCallback {
    const list = typeof interfaces === 'string' ? [interfaces] : [...interfaces];
    if (list.length === 0 || list.some((i) => typeof i !== 'string' || !/^[\w$.]+$/.test(i))) {
      throw new JavaUsageError(
        "implement(interfaces, methods): name one or more Java interfaces, e.g. implement('java.lang.Runnable', { run() {} }).",
      );
    }
    if (typeof methods !== 'object' || methods === null) {
      throw new JavaUsageError('implement(interfaces, methods): methods must be an object of functions.');
    }
    const id = `${this.idPrefix}${++this.next}`;
    const entries = this.entries;
    const entry: CallbackEntry = {
      id,
      interfaces: list,
      methods,
      ownerCell: owner.cellId,
      ownerScope: owner.scope,
      released: false,
      releasedBy: '',
      owner: null,
      dispose() {
        entries.delete(id);
      },
    };
    this.entries.set(id, entry);
    owner.scope.adopt(entry);
    const face: JavaCallback = { [CALLBACK]: entry };
    Object.defineProperty(face, Symbol.toStringTag, { value: `JavaCallback(${list.join(', ')})` });
    return face;
  }

  wireArg(entry: CallbackEntry): WireArg {
    if (entry.released) {
      throw new JavaUsageError(
        `This callback was released when ${entry.releasedBy} was re-run or released; create it again with implement(...).`,
      );
    }
    return { kind: 'proxy', id: entry.id, interfaces: entry.interfaces };
  }

  /** Answers one command the JVM sent: a call (`c`) or a garbage notice (`g`). */
  async handle(text: string): Promise<string> {
    let command: CallbackCommand;
    try {
      command = parseCallbackCommand(callbackCommandLines(text));
    } catch (error) {
      return errorAnswer((error as Error).message);
    }
    // The JVM dropped its proxy: the callback lives on until its cell re-runs.
    if (command.kind === 'gc') return voidAnswer();
    const { objectId: id, method, args } = command;
    const entry = this.entries.get(id);
    if (!entry) {
      return errorAnswer(
        `The TypeScript callback ${id} no longer exists: the cell that created it was re-run, deleted or released ` +
          `(or the session restarted). Create it again with implement(...) and pass the new object to Java.`,
      );
    }
    this.calls++;
    try {
      const result = await this.host.runAs(entry, async () => {
        const values = args.map((a) => this.host.fromWire(a, entry.ownerScope));
        const fn = entry.methods[method];
        if (typeof fn !== 'function') return objectMethod(entry, method, values);
        return await (fn as (...a: unknown[]) => unknown).apply(entry.methods, values);
      });
      if (result === undefined) return voidAnswer();
      return valueAnswer(await this.host.toWire(result));
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      return errorAnswer(
        `${err.name}: ${err.message} (in TypeScript callback ${method} of ${entry.interfaces.join(', ')})`,
      );
    }
  }

  /** Drops every registration (session restart). */
  clear(): void {
    for (const entry of this.entries.values()) {
      entry.released = true;
      entry.releasedBy = 'a restart';
    }
    this.entries.clear();
  }
}

/** `Object` methods Java may call on any proxy (hash maps, logging) when the JS object has none. */
function objectMethod(entry: CallbackEntry, method: string, args: unknown[]): unknown {
  switch (method) {
    case 'hashCode': {
      let h = 0;
      for (const c of entry.id) h = (h * 31 + c.charCodeAt(0)) | 0;
      return h;
    }
    case 'equals':
      return callbackOf(args[0]) === entry;
    case 'toString':
      return `TypeScript callback ${entry.id} implementing ${entry.interfaces.join(', ')}`;
    default:
      throw new JavaUsageError(
        `The TypeScript object implementing ${entry.interfaces.join(', ')} has no method ${method}; add ${method}(...) to it.`,
      );
  }
}

export { decodeValue };
