/**
 * The dynamic face of Java in a cell: proxies for Java objects (any property is
 * a method) and for dotted names (`jvm.java.util.ArrayList`: packages, classes,
 * static members). Writing a name costs nothing; the JVM is asked only when a
 * name is called, constructed or awaited. Proxies hold plain data (a JavaRef or
 * a name) and delegate every action to a ProxyHost (the gateway client).
 */
import type { JavaRef } from './java-ref.ts';

export const JAVA_REF: unique symbol = Symbol.for('jvm-notebook.javaRef') as never;
export const JAVA_NAME: unique symbol = Symbol.for('jvm-notebook.javaName') as never;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** A Java method as seen from a cell: any arguments, always async. */
export type JavaMethod = (...args: unknown[]) => Promise<unknown>;

/** A proxy of a Java object. Every string property is a method of the object. */
export interface JavaObject {
  readonly [JAVA_REF]: JavaRef;
  readonly [method: string]: JavaMethod;
}

/** A proxy of a dotted Java name: package, class, or static member. */
export interface JavaName {
  readonly [JAVA_NAME]: string;
  readonly [member: string]: JavaName;
  (...args: unknown[]): Promise<unknown>;
  new (...args: unknown[]): Promise<unknown>;
}

export interface ProxyHost {
  /** `holder` is the proxy itself: kept reachable until the call settles, so the GC backstop cannot release it mid-call. */
  callMethod(ref: JavaRef, method: string, args: unknown[], holder: object): Promise<unknown>;
  arrayLength(ref: JavaRef): Promise<number>;
  arrayGet(ref: JavaRef, index: number): Promise<unknown>;
  iterate(ref: JavaRef, holder: object): AsyncIterableIterator<unknown>;
  releaseRef(ref: JavaRef): Promise<void>;
  /** Awaiting a name: a class or package proxy, or a static field's value. */
  resolveName(name: string): Promise<unknown>;
  callStatic(name: string, args: unknown[]): Promise<unknown>;
  construct(name: string, args: unknown[]): Promise<unknown>;
}

export function refOf(value: unknown): JavaRef | undefined {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
  return (value as { [JAVA_REF]?: JavaRef })[JAVA_REF];
}

export function nameOf(value: unknown): string | undefined {
  if (typeof value !== 'function') return undefined;
  return (value as { [JAVA_NAME]?: string })[JAVA_NAME];
}

export function makeJavaObject(ref: JavaRef, host: ProxyHost): JavaObject {
  const label = `JavaObject(${ref.id})`;
  const methods = new Map<string, JavaMethod>();
  const handler: ProxyHandler<object> = {
    get(_target, prop) {
      if (typeof prop === 'symbol') {
        if (prop === JAVA_REF) return ref;
        if (prop === Symbol.asyncIterator) return () => host.iterate(ref, proxy);
        if (prop === Symbol.asyncDispose) return () => host.releaseRef(ref);
        if (prop === Symbol.dispose) return () => void host.releaseRef(ref);
        if (prop === Symbol.toPrimitive) return () => `[${label}]`;
        if (prop === Symbol.toStringTag) return 'JavaObject';
        if (prop === INSPECT) return () => label;
        return undefined;
      }
      // `then` must be absent, or awaiting a Java object would call into Java.
      if (prop === 'then' || prop === 'toJSON') return undefined;
      if (ref.refKind === 'array') {
        if (prop === 'length') return host.arrayLength(ref);
        if (/^\d+$/.test(prop)) return host.arrayGet(ref, Number(prop));
      }
      let method = methods.get(prop);
      if (!method) {
        method = (...args: unknown[]) => host.callMethod(ref, prop, args, proxy);
        methods.set(prop, method);
      }
      return method;
    },
    has(_target, prop) {
      return prop === JAVA_REF || typeof prop === 'string';
    },
    set() {
      throw new TypeError(
        `Java objects have no JS properties to set; use setField(obj, name, value) for a Java field.`,
      );
    },
  };
  const proxy = new Proxy(Object.create(null) as object, handler) as JavaObject;
  return proxy;
}

/**
 * A name proxy. `thenable` is false for a name that has already been resolved
 * by awaiting (a class or package), so that awaiting it again is a no-op.
 */
export function makeJavaName(name: string, host: ProxyHost, thenable = true): JavaName {
  const children = new Map<string, JavaName>();
  const target = function javaName() {} as unknown as object;
  const handler: ProxyHandler<object> = {
    get(_t, prop) {
      if (typeof prop === 'symbol') {
        if (prop === JAVA_NAME) return name;
        if (prop === Symbol.toPrimitive) return () => name;
        if (prop === Symbol.toStringTag) return 'JavaName';
        if (prop === INSPECT) return () => `JavaName(${name})`;
        return undefined;
      }
      if (prop === 'then') {
        if (!thenable || name === '') return undefined;
        return (resolve: (v: unknown) => void, reject: (e: unknown) => void) =>
          host.resolveName(name).then(resolve, reject);
      }
      let child = children.get(prop);
      if (!child) {
        child = makeJavaName(name === '' ? prop : `${name}.${prop}`, host);
        children.set(prop, child);
      }
      return child;
    },
    apply(_t, _this, args: unknown[]) {
      return host.callStatic(name, args);
    },
    construct(_t, args: unknown[]) {
      return host.construct(name, args) as unknown as object;
    },
    set() {
      throw new TypeError(`Cannot assign to the Java name ${name}; static fields are read with await.`);
    },
  };
  return new Proxy(target, handler) as JavaName;
}
