/**
 * The Py4J client: turns cell-level operations (call, construct, fields,
 * names) into pipelined commands, answers into JS values and proxies, and
 * Java failures into JavaError. Every reference it decodes is adopted by the
 * current scope (the running cell's).
 */
import {
  arrayCreateCommand,
  arrayGetCommand,
  arrayLengthCommand,
  arraySetCommand,
  callCommand,
  constructorCommand,
  deleteCommand,
  fieldGetCommand,
  fieldSetCommand,
  isSpecialId,
  reflectMemberCommand,
  stackTraceCommand,
  type Answer,
  type RefKind,
  type WireArg,
  type WireValue,
} from '../../protocol/py4j/index.ts';
import { CommandPipeline } from './command-pipeline.ts';
import {
  describe,
  gatewayError,
  GatewayProtocolError,
  isNoSuchMethod,
  JavaError,
  JavaRangeError,
  JavaUsageError,
  noField,
  ReleasedObjectError,
} from './errors.ts';
import { arrayElement } from './array-element.ts';
import { GcBackstop } from './gc-backstop.ts';
import { fitsIn, rangeError } from './java-range.ts';
import { iterateJava } from './iterate-java.ts';
import { JavaDecimal } from './java-decimal.ts';
import {
  makeJavaName,
  makeJavaObject,
  nameOf,
  refOf,
  type JavaName,
  type JavaObject,
  type ProxyHost,
} from './java-proxy.ts';
import type { JavaRef, Owned, ScopeLike } from './java-ref.ts';
import { NameResolver } from './name-resolver.ts';
import { OverloadCache } from './overload-cache.ts';
import type { Transport } from './transport.ts';

/**
 * Channel 0 carries the cell's calls; channel 1 carries the kernel's own
 * inspection (object classes for the UI), so it answers while a cell waits on
 * Java. Releases travel with the calls (see CommandPipeline#release).
 */
export const MAIN_CHANNEL = 0;
export const HOUSEKEEPING_CHANNEL = 1;
/** Channels for calls made while the main channel is blocked (nested calls from callbacks). */
const CALL_CHANNELS: readonly number[] = [MAIN_CHANNEL, ...Array.from({ length: 15 }, (_, i) => i + 2)];

export interface GatewayClientOptions {
  transport: Transport;
  /** The scope that adopts each new reference: the running cell's. */
  currentScope(): ScopeLike;
  /** Converts a JS value the client does not know (callbacks, later) into a wire argument. */
  extraArg?: (value: unknown) => WireArg | undefined;
}

/** Where a call goes. */
export type CallTarget =
  | { kind: 'object'; ref: JavaRef; method: string; holder?: object }
  | { kind: 'static'; fqn: string; method: string }
  | { kind: 'new'; fqn: string };

export class GatewayClient implements ProxyHost {
  readonly pipeline: CommandPipeline;
  readonly names: NameResolver;
  private readonly overloads: OverloadCache;
  /** The root name proxy: `jvm.java.util.ArrayList`. */
  readonly jvm: JavaName;
  private releasedCount = 0;
  /** Releases proxies that JS can no longer reach (see gc-backstop.ts). */
  readonly backstop = new GcBackstop((ref: JavaRef) => {
    ref.owner?.forget(ref);
    ref.owner = null;
    this.releaseItems([ref]);
  });

  constructor(private readonly options: GatewayClientOptions) {
    this.pipeline = new CommandPipeline(options.transport, {
      releaseChannel: () => this.pipeline.pickChannel(CALL_CHANNELS),
    });
    this.names = new NameResolver((command) => this.request(command));
    this.overloads = new OverloadCache(this);
    this.jvm = makeJavaName('', this, false);
  }

  /** Total ids released by this client. */
  get released(): number {
    return this.releasedCount;
  }

  // ---- raw requests -------------------------------------------------------

  /** Sends one command; without a channel, on the first channel not blocked by an earlier call. */
  request(command: string, channel?: number): Promise<Answer> {
    return this.pipeline.request(command, channel ?? this.pipeline.pickChannel(CALL_CHANNELS));
  }

  /** Stops waiting on every call in flight (not the kernel's inspection); their connections are replaced. */
  abandonCalls(error: Error): void {
    for (const channel of this.pipeline.busyChannels()) {
      if (channel !== HOUSEKEEPING_CHANNEL) this.pipeline.abandon(channel, error);
    }
  }

  /**
   * Sends a command and converts its answer to a JS value; Java failures throw
   * JavaError. `track` registers a returned proxy with the garbage-collection
   * backstop: only for values handed to user code, never for references the
   * client keeps using by id after the proxy may have become unreachable.
   */
  async exec(command: string, track = false): Promise<unknown> {
    return this.settle(await this.request(command), track);
  }

  /** Converts an answer to a value, or throws the error it carries. */
  async settle(answer: Answer, track = false): Promise<unknown> {
    switch (answer.type) {
      case 'value':
        return this.fromWire(answer.value, track);
      case 'java-exception':
        throw await this.javaError(answer.id);
      case 'gateway-error':
        throw gatewayError(answer.message);
      case 'fatal':
        throw new GatewayProtocolError(`The gateway closed the connection: ${answer.message}`);
      default:
        throw new GatewayProtocolError(`Unexpected answer: ${answer.type}`);
    }
  }

  // ---- values -------------------------------------------------------------

  fromWire(value: WireValue, track = false): unknown {
    switch (value.kind) {
      case 'null':
        return null;
      case 'void':
        return undefined;
      case 'int':
      case 'double':
      case 'bool':
      case 'string':
      case 'long':
      case 'bytes':
        return value.value;
      case 'decimal':
        return new JavaDecimal(value.value);
      case 'ref':
        return this.adopt(value.id, value.refKind, track);
    }
  }

  /** A proxy for a new reference, owned by the current scope. */
  adopt(id: string, refKind: RefKind, track = false, scope?: ScopeLike): JavaObject {
    const ref: JavaRef = { id, refKind, released: false, releasedBy: '', owner: null };
    if (isSpecialId(id)) return makeJavaObject(ref, this);
    (scope ?? this.options.currentScope()).adopt(ref);
    const proxy = makeJavaObject(ref, this);
    if (track) this.backstop.register(proxy, ref);
    return proxy;
  }

  /** A proxy for one of the server's own objects (entry point, gateway server): never released. */
  special(id: 't' | 'GATEWAY_SERVER'): JavaObject {
    return makeJavaObject({ id, refKind: 'object', released: false, releasedBy: '', owner: null }, this);
  }

  /** Encodes a JS value without I/O, or returns undefined when it needs Java objects made first. */
  toWireSync(value: unknown): WireArg | undefined {
    switch (typeof value) {
      case 'undefined':
        return { kind: 'null' };
      case 'boolean':
        return { kind: 'bool', value };
      case 'string':
        return { kind: 'string', value };
      case 'number':
        if (Number.isInteger(value)) {
          if (value >= -2147483648 && value <= 2147483647) return { kind: 'int', value };
          if (Number.isSafeInteger(value)) return { kind: 'long', value: BigInt(value) };
        }
        return { kind: 'double', value };
      case 'bigint':
        if (!fitsIn(value, 'long')) throw rangeError(value, 'long');
        return { kind: 'long', value };
      case 'symbol':
        throw new JavaUsageError('A JS symbol cannot be passed to Java.');
    }
    if (value === null) return { kind: 'null' };
    const ref = refOf(value);
    if (ref) {
      this.checkLive(ref);
      return { kind: 'ref', id: ref.id, refKind: ref.refKind };
    }
    if (value instanceof Promise) return undefined;
    if (value instanceof Uint8Array) return { kind: 'bytes', value };
    if (value instanceof JavaDecimal) return { kind: 'decimal', value: value.text };
    if (Array.isArray(value) || value instanceof Map || value instanceof Set) return undefined;
    const extra = this.options.extraArg?.(value);
    if (extra) return extra;
    // A name such as jvm.java.util.concurrent.TimeUnit.SECONDS: resolved (async) like `await`.
    if (nameOf(value) !== undefined) return undefined;
    if (typeof value === 'function') {
      throw new JavaUsageError(
        'A JS function cannot be passed to Java as is; wrap it with implement(interface, {...}).',
      );
    }
    throw new JavaUsageError(
      `Cannot pass this JS object to Java: ${describe(value)}. Pass a primitive, a Java object, an array, Map or Set, ` +
        `a Uint8Array, or an implement(...) callback.`,
    );
  }

  /** Encodes arguments; JS arrays, Maps and Sets become new Java collections owned by the current scope. */
  async toWire(value: unknown): Promise<WireArg> {
    // A pending Java call passed as an argument: use its result (saves an await in cells).
    if (value instanceof Promise) return this.toWire(await value);
    const simple = this.toWireSync(value);
    if (simple) return simple;
    const name = nameOf(value);
    if (name !== undefined) {
      const resolved = await this.resolveName(name);
      if (nameOf(resolved) === undefined && typeof resolved !== 'function') return this.toWire(resolved);
      throw new JavaUsageError(
        `${name} is a Java class or package, not a value. To pass the class object, use ` +
          `await jvm.java.lang.Class.forName('${name}').`,
      );
    }
    if (Array.isArray(value)) return this.newCollection('java.util.ArrayList', value);
    if (value instanceof Set) return this.newCollection('java.util.HashSet', [...value]);
    const map = value as Map<unknown, unknown>;
    const created = await this.exec(constructorCommand('java.util.HashMap', []));
    const ref = refOf(created)!;
    const puts: Promise<unknown>[] = [];
    const entries = await Promise.all([...map].map(async ([k, v]) => [await this.toWire(k), await this.toWire(v)]));
    for (const [k, v] of entries) puts.push(this.exec(callCommand(ref.id, 'put', [k!, v!])));
    await Promise.all(puts);
    return { kind: 'ref', id: ref.id, refKind: 'map' };
  }

  private async newCollection(fqn: string, items: unknown[]): Promise<WireArg> {
    const [created, elements] = await Promise.all([
      this.exec(constructorCommand(fqn, [])),
      Promise.all(items.map((item) => this.toWire(item))),
    ]);
    const ref = refOf(created)!;
    await Promise.all(elements.map((e) => this.exec(callCommand(ref.id, 'add', [e]))));
    return { kind: 'ref', id: ref.id, refKind: ref.refKind };
  }

  /** Encodes all arguments, synchronously when none needs a Java collection made. */
  encodeArgs(args: readonly unknown[]): WireArg[] | Promise<WireArg[]> {
    const out: WireArg[] = [];
    for (const a of args) {
      const w = this.toWireSync(a);
      if (!w) return Promise.all(args.map((x) => this.toWire(x)));
      out.push(w);
    }
    return out;
  }

  checkLive(ref: JavaRef): void {
    if (ref.released) throw new ReleasedObjectError(ref.id, ref.releasedBy);
  }

  // ---- calls --------------------------------------------------------------

  /** Calls a method, constructor or static method, resolving overloads the server will not. */
  invoke(target: CallTarget, args: readonly unknown[]): Promise<unknown> {
    try {
      if (target.kind === 'object') this.checkLive(target.ref);
      const wire = this.encodeArgs(args);
      return Array.isArray(wire) ? this.invokeWire(target, wire) : wire.then((w) => this.invokeWire(target, w));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Sends a call with encoded arguments; on "no such method" consults the overload cache. */
  async invokeWire(target: CallTarget, wire: WireArg[]): Promise<unknown> {
    const remembered = this.overloads.remembered(target, wire);
    const answer = await this.request(
      remembered ? await this.overloads.encode(target, remembered) : commandFor(target, wire),
    );
    if (answer.type === 'gateway-error' && isNoSuchMethod(answer.message)) {
      return this.overloads.retry(target, wire, answer.message);
    }
    // Reading the holder here keeps the target's proxy alive until its call has been answered.
    if (target.kind === 'object' && target.holder === null) return undefined;
    return this.settle(answer, true);
  }

  callMethod(ref: JavaRef, method: string, args: unknown[], holder?: object): Promise<unknown> {
    return this.invoke({ kind: 'object', ref, method, ...(holder ? { holder } : {}) }, args);
  }

  async callStatic(name: string, args: unknown[]): Promise<unknown> {
    const dot = name.lastIndexOf('.');
    if (dot < 0) throw new JavaUsageError(`${name} is not a static method: write jvm.package.Class.method(...).`);
    const owner = name.slice(0, dot);
    const method = name.slice(dot + 1);
    if ((await this.names.resolve(owner)).kind === 'member') {
      // A method of a static field's value: jvm.java.util.concurrent.TimeUnit.SECONDS.toMillis(1).
      const target = await this.resolveName(owner);
      const ref = refOf(target);
      if (ref) return this.callMethod(ref, method, args, target as object);
      if (nameOf(target) === undefined) {
        throw new JavaUsageError(
          `${owner} is a ${typeof target} value (${String(target)}), not a Java object with a method ${method}.`,
        );
      }
    }
    return this.invoke({ kind: 'static', fqn: await this.classFqn(owner), method }, args);
  }

  async construct(name: string, args: unknown[]): Promise<unknown> {
    return this.invoke({ kind: 'new', fqn: await this.classFqn(name) }, args);
  }

  /** The fully qualified (binary) name of a class given by a dotted name, or a clear error. */
  async classFqn(name: string): Promise<string> {
    const r = await this.names.resolve(name);
    if (r.kind === 'class') return r.fqn;
    if (r.kind === 'member') {
      const answer = await this.request(reflectMemberCommand(r.classFqn, r.member));
      if (answer.type === 'class') {
        const fqn = `${r.classFqn}$${r.member}`;
        this.names.rememberInnerClass(name, fqn);
        return fqn;
      }
      if (answer.type === 'value') this.discard(answer.value);
    }
    throw new JavaError({
      javaClass: 'java.lang.ClassNotFoundException',
      message: `${name} is not a Java class on the JVM's classpath. Check the spelling, or add its jar with --classpath.`,
      javaStackTrace: '',
    });
  }

  /** Awaiting a name: a class or package proxy, or the value of a static field. */
  async resolveName(name: string): Promise<unknown> {
    const r = await this.names.resolve(name);
    if (r.kind !== 'member') return makeJavaName(name, this, false);
    const answer = await this.request(reflectMemberCommand(r.classFqn, r.member));
    if (answer.type === 'class') {
      this.names.rememberInnerClass(name, `${r.classFqn}$${r.member}`);
      return makeJavaName(name, this, false);
    }
    if (answer.type === 'method') return (...args: unknown[]) => this.callStatic(name, args);
    if (answer.type === 'gateway-error') {
      throw new JavaError({
        javaClass: 'py4j.Py4JException',
        message: `${r.classFqn} has no public static field, method or class named ${r.member}.`,
        javaStackTrace: answer.message,
      });
    }
    return this.settle(answer, true);
  }

  async getField(target: unknown, field: string): Promise<unknown> {
    const ref = this.requireRef(target, 'getField');
    const answer = await this.request(fieldGetCommand(ref.id, field));
    if (answer.type === 'no-member') throw noField(field);
    return this.settle(answer, true);
  }

  async setField(target: unknown, field: string, value: unknown): Promise<void> {
    const ref = this.requireRef(target, 'setField');
    const answer = await this.request(fieldSetCommand(ref.id, field, await this.toWire(value)));
    if (answer.type === 'no-member') throw noField(field);
    await this.settle(answer);
  }

  requireRef(value: unknown, what: string): JavaRef {
    const ref = refOf(value);
    if (!ref) throw new JavaUsageError(`${what} expects a Java object, got ${describe(value)}.`);
    this.checkLive(ref);
    return ref;
  }

  // ---- arrays and iteration ----------------------------------------------

  async arrayLength(ref: JavaRef): Promise<number> {
    this.checkLive(ref);
    return (await this.exec(arrayLengthCommand(ref.id))) as number;
  }

  async arrayGet(ref: JavaRef, index: number): Promise<unknown> {
    this.checkLive(ref);
    // The index travels as an `i` argument: past the int range the server would drop the connection.
    if (!fitsIn(index, 'int'))
      throw new JavaRangeError(`Array index ${index} is past the largest Java index, 2147483647.`);
    return this.exec(arrayGetCommand(ref.id, index), true);
  }

  /** A new Java array: `newArray('int', 3)` or `newArray('java.lang.String', ['a', 'b'])`. */
  async newArray(
    type: string,
    sizeOrValues: number | number[] | readonly unknown[],
    ...more: number[]
  ): Promise<unknown> {
    if (typeof sizeOrValues === 'number') {
      const dimensions = [sizeOrValues, ...more];
      for (const d of dimensions) {
        // A dimension travels as an `i` argument: past the int range the server drops the connection.
        if (!Number.isInteger(d) || d < 0 || !fitsIn(d, 'int')) {
          throw new JavaRangeError(`An array dimension must be an integer from 0 to 2147483647, got ${d}.`);
        }
      }
      return this.exec(arrayCreateCommand(type, dimensions));
    }
    if (!Array.isArray(sizeOrValues)) throw new JavaUsageError('newArray(type, size) or newArray(type, [values])');
    const values = sizeOrValues as unknown[];
    const converted = values.map((v, i) => arrayElement(v, type, i));
    // The server answers a one-dimensional byte[] by value (base64, `j`), never as a reference:
    // such an array is its bytes, and a Uint8Array passed to Java becomes a byte[] again.
    if (type === 'byte') return Uint8Array.from(converted, (w) => (w as { value: number }).value & 0xff);
    const [array, wire] = await Promise.all([
      this.exec(arrayCreateCommand(type, [values.length])),
      Promise.all(values.map((v, i) => converted[i] ?? this.toWire(v))),
    ]);
    const ref = refOf(array)!;
    await Promise.all(wire.map((w, i) => this.exec(arraySetCommand(ref.id, i, w))));
    return array;
  }

  /** Makes an array of a component type holding `elements`; used for varargs. */
  async packArray(componentType: string, elements: readonly WireArg[]): Promise<WireArg> {
    const array = await this.exec(arrayCreateCommand(componentType, [elements.length]));
    const ref = refOf(array)!;
    await Promise.all(elements.map((e, i) => this.exec(arraySetCommand(ref.id, i, e))));
    return { kind: 'ref', id: ref.id, refKind: 'array' };
  }

  iterate(ref: JavaRef, holder?: object): AsyncIterableIterator<unknown> {
    return iterateJava(this, ref, holder);
  }

  // ---- releasing -----------------------------------------------------------

  /** Sends deletes for items, ordered before every later call; nothing waits for the answers. */
  releaseItems(items: readonly Owned[]): void {
    if (this.pipeline.closed) return;
    for (const item of items) {
      if (item.dispose) {
        item.dispose();
        continue;
      }
      if (isSpecialId(item.id)) continue;
      this.releaseId(item.id);
    }
  }

  /** Deletes an id on the JVM, ordered before every call issued after it; the answer is not awaited. */
  releaseId(id: string): void {
    this.releasedCount++;
    this.pipeline.release(deleteCommand(id)).catch(() => undefined);
  }

  /**
   * Releases one reference now. Nothing needs to wait for it: every later
   * call reaches the JVM after the delete. The promise (used by `await
   * using`) settles once the JVM has processed it.
   */
  releaseRef(ref: JavaRef): Promise<void> {
    if (ref.released || this.pipeline.closed) return Promise.resolve();
    ref.released = true;
    ref.releasedBy = 'release()';
    ref.owner?.forget(ref);
    ref.owner = null;
    this.releasedCount++;
    return this.pipeline.release(deleteCommand(ref.id)).then(
      () => undefined,
      () => undefined,
    );
  }

  /** Releases a reference the user never saw. */
  discard(value: WireValue): void {
    if (value.kind === 'ref' && !isSpecialId(value.id)) this.releaseId(value.id);
  }

  // ---- errors ---------------------------------------------------------------

  /** Builds a JavaError for a Throwable the server holds: its class, message and stack trace in one round trip. */
  async javaError(id: string): Promise<JavaError> {
    const exception = this.adopt(id, 'object');
    const [trace, message] = await Promise.all([
      this.request(stackTraceCommand(id)),
      this.request(callCommand(id, 'getMessage', [])),
    ]);
    const stack = trace.type === 'value' && trace.value.kind === 'string' ? trace.value.value : '';
    const firstLine = stack.split('\n', 1)[0] ?? '';
    const javaClass = /^([\w$.]+)/.exec(firstLine)?.[1] ?? 'java.lang.Throwable';
    const text =
      message.type === 'value' && message.value.kind === 'string'
        ? message.value.value
        : firstLine.slice(javaClass.length + 2) || javaClass;
    return new JavaError({ javaClass, message: text, javaStackTrace: stack, javaException: exception });
  }
}

function commandFor(target: CallTarget, wire: readonly WireArg[]): string {
  switch (target.kind) {
    case 'object':
      return callCommand(target.ref.id, target.method, wire);
    case 'static':
      return callCommand(`z:${target.fqn}`, target.method, wire);
    case 'new':
      return constructorCommand(target.fqn, wire);
  }
}

export { commandFor };
