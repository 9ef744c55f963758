/**
 * Declarations of the globals a cell sees (cells/cell-api.ts), for Monaco's
 * TypeScript service. Java values are typed `any` on purpose: which methods an
 * object has is only known on the JVM, and a cell author should get completion
 * for the cell API without false errors on every Java call.
 */
export const CELL_API_DTS = `
/** A Java object: every property is a method of the object; every call is async. */
interface JavaObject {
  readonly [method: string]: (...args: any[]) => Promise<any>;
}
/** A dotted Java name: a package, a class (call with new to construct), or a static member. */
interface JavaName {
  readonly [member: string]: JavaName & any;
  (...args: any[]): Promise<any>;
  new (...args: any[]): Promise<any>;
}
/** A Java BigDecimal as its exact decimal text. */
declare class JavaDecimal {
  constructor(text: string);
  readonly text: string;
  toNumber(): number;
  toString(): string;
}
/** A Java exception, or the gateway refusing a call. */
declare class JavaError extends Error {
  readonly code: 'E_JAVA';
  /** The Java class of the exception, e.g. java.lang.ArithmeticException. */
  readonly javaClass: string;
  /** The Java stack trace as printed by printStackTrace(). */
  readonly javaStackTrace: string;
  /** The Throwable on the JVM, when the JVM threw one. */
  readonly javaException: any;
}
/** A Java reference used after the scope that owned it was released. */
declare class ReleasedObjectError extends Error {
  readonly code: 'E_RELEASED';
  readonly objectId: string;
  readonly owner: string;
}
interface Display {
  /**
   * Shows a value as an extra output of the cell, in call order (awaiting it is
   * optional); a pending Java call passed in is awaited, a failed one shown as its error.
   */
  (value: unknown): Promise<void>;
  /** Shows HTML (sanitised before it is rendered). */
  html(html: string): void;
  text(text: string): void;
  markdown(markdown: string): void;
}
/** The root of Java names: jvm.java.util.ArrayList. */
declare const jvm: JavaName;
/** Py4J's gateway server object and entry point. */
declare const gateway: { readonly server: any; readonly entryPoint: any };
/** Java List/Set/array to a JS array, Map to a JS Map, recursively. */
declare function toJS(value: unknown): Promise<any>;
/** A Java array: newArray('int', 3), newArray('java.lang.String', ['a', 'b']). */
declare function newArray(type: string, sizeOrValues: number | readonly unknown[], ...moreDimensions: number[]): Promise<any>;
declare function getField(target: unknown, field: string): Promise<any>;
declare function setField(target: unknown, field: string, value: unknown): Promise<void>;
/** Py4J's help page of a Java object or class. */
declare function help(target: unknown): Promise<string>;
/** Member names of a Java object or class. */
declare function dir(target: unknown): Promise<string[]>;
/** Keeps a Java object for the whole session (past re-runs of its cell). */
declare function keep<T>(value: T): T;
/** Releases a Java object on the JVM now; await it to know the JVM has processed it. */
declare function release(value: unknown): Promise<void>;
/** A TypeScript object implementing Java interfaces, to pass to Java methods (callbacks). */
declare function implement(
  interfaces: string | readonly string[],
  methods: Record<string, (...args: any[]) => unknown>,
): { readonly [Symbol.toStringTag]: string };
declare const display: Display;
declare const console: {
  log(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  trace(...args: unknown[]): void;
  dir(...args: unknown[]): void;
  table(...args: unknown[]): void;
};
`;

/**
 * Diagnostics that are false in a notebook, where every cell is a script sharing
 * one global scope with the others:
 * - 2451 "Cannot redeclare block-scoped variable", 2300 "Duplicate identifier",
 *   2393 "Duplicate function implementation", 2403 "Subsequent variable declarations
 *   must have the same type": re-declaring a name in a later cell (or the same cell
 *   re-run after an edit) is how notebooks work; the kernel re-binds the name.
 * - 1375, 1378, 1431, 1432, 2853: top-level `await` / `for await` / `await using` in a
 *   file that is not a module; the kernel runs each cell as an async body, where they
 *   are valid.
 * Everything else stays, e.g. 2304 "Cannot find name" for a typo.
 */
export const IGNORED_DIAGNOSTICS = [2451, 2300, 2393, 2403, 1375, 1378, 1431, 1432, 2853];
