/**
 * The globals a cell sees (`jvm`, `toJS`, `keep`, `display`, …). Built once
 * per kernel session; the functions act on whatever cell is running when
 * they are called.
 */
import { dirCommand, helpClassCommand, helpObjectCommand } from '../protocol/py4j/index.ts';
import {
  GatewayClient,
  JavaDecimal,
  JavaError,
  JavaUsageError,
  ReleasedObjectError,
  nameOf,
  refOf,
  toJS,
  type JavaName,
  type JavaObject,
} from './gateway/index.ts';
import type { Scope } from './scope.ts';
import type { createCellConsole } from './cell-console.ts';

export interface CellApiHooks {
  client: GatewayClient;
  sessionScope: Scope;
  console: ReturnType<typeof createCellConsole>;
  /** Adds an output to the running cell: a value to format, or a ready MIME bundle. */
  display(value: unknown): Promise<void>;
  displayData(data: Record<string, string>): void;
  implement(interfaces: string | readonly string[], methods: Record<string, (...args: never[]) => unknown>): unknown;
}

export interface Display {
  /** Takes its output's place at once; resolves when the value is formatted, and never rejects. */
  (value: unknown): Promise<void>;
  html(html: string): void;
  text(text: string): void;
  markdown(markdown: string): void;
}

export interface CellApi {
  jvm: JavaName;
  gateway: { server: JavaObject; entryPoint: JavaObject };
  toJS(value: unknown): Promise<unknown>;
  newArray(type: string, sizeOrValues: number | readonly unknown[], ...moreDimensions: number[]): Promise<unknown>;
  getField(target: unknown, field: string): Promise<unknown>;
  setField(target: unknown, field: string, value: unknown): Promise<void>;
  help(target: unknown): Promise<string>;
  dir(target: unknown): Promise<string[]>;
  keep<T>(value: T): T;
  /** A TypeScript object implementing Java interfaces, to pass to Java (callbacks). */
  implement(interfaces: string | readonly string[], methods: Record<string, (...args: never[]) => unknown>): unknown;
  /** Releases now; await it to be sure the JVM has processed the release. */
  release(value: unknown): Promise<void>;
  display: Display;
  console: CellApiHooks['console'];
  JavaError: typeof JavaError;
  ReleasedObjectError: typeof ReleasedObjectError;
  JavaDecimal: typeof JavaDecimal;
}

export function createCellApi(hooks: CellApiHooks): CellApi {
  const { client } = hooks;
  const display = Object.assign((value: unknown) => hooks.display(value), {
    html: (html: string) => hooks.displayData({ 'text/html': String(html), 'text/plain': '[HTML]' }),
    text: (text: string) => hooks.displayData({ 'text/plain': String(text) }),
    markdown: (md: string) => hooks.displayData({ 'text/markdown': String(md), 'text/plain': String(md) }),
  });
  return {
    jvm: client.jvm,
    gateway: { server: client.special('GATEWAY_SERVER'), entryPoint: client.special('t') },
    toJS: (value) => toJS(client, value),
    newArray: (type, sizeOrValues, ...more) => client.newArray(type, sizeOrValues as number, ...more),
    getField: (target, field) => client.getField(target, field),
    setField: (target, field, value) => client.setField(target, field, value),
    async help(target) {
      const ref = refOf(target);
      if (ref) {
        client.checkLive(ref);
        return (await client.exec(helpObjectCommand(ref.id))) as string;
      }
      const name = nameOf(target);
      if (name !== undefined) return (await client.exec(helpClassCommand(await client.classFqn(name)))) as string;
      throw new JavaUsageError('help(x) expects a Java object or class, e.g. help(jvm.java.lang.Math).');
    },
    async dir(target) {
      const ref = refOf(target);
      let texts: unknown[];
      if (ref) {
        client.checkLive(ref);
        texts = await Promise.all([
          client.exec(dirCommand('methods', ref.id)),
          client.exec(dirCommand('fields', ref.id)),
        ]);
      } else {
        const name = nameOf(target);
        if (name === undefined) throw new JavaUsageError('dir(x) expects a Java object or class.');
        texts = [await client.exec(dirCommand('static', await client.classFqn(name)))];
      }
      const names = texts.flatMap((t) => (typeof t === 'string' && t.length > 0 ? t.split('\n') : []));
      return [...new Set(names)].sort();
    },
    implement: (interfaces, methods) => hooks.implement(interfaces, methods),
    keep(value) {
      const ref = refOf(value);
      if (!ref) throw new JavaUsageError('keep(x) expects a Java object.');
      client.checkLive(ref);
      hooks.sessionScope.adopt(ref);
      return value;
    },
    release(value) {
      const ref = refOf(value);
      if (!ref) throw new JavaUsageError('release(x) expects a Java object.');
      return client.releaseRef(ref);
    },
    display,
    console: hooks.console,
    JavaError,
    ReleasedObjectError,
    JavaDecimal,
  };
}
