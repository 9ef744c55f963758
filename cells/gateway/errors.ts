/**
 * Errors of the gateway layer. Each has a stable `code`; none does I/O when
 * printed — everything shown was fetched when the error was built.
 */

/** A Java exception, or the gateway refusing a call (no such method, bad arguments). */
export class JavaError extends Error {
  override name = 'JavaError';
  readonly code = 'E_JAVA';
  /** The Java class of the exception, e.g. `java.lang.ArithmeticException`. */
  readonly javaClass: string;
  /** The Java stack trace as printed by `printStackTrace()`. */
  readonly javaStackTrace: string;
  /** A proxy of the Throwable on the JVM, when the JVM threw one (owned by the running cell). */
  readonly javaException: unknown;

  constructor(
    details: { javaClass: string; message: string; javaStackTrace: string; javaException?: unknown },
    options?: { cause?: unknown },
  ) {
    super(details.message, options);
    this.javaClass = details.javaClass;
    this.javaStackTrace = details.javaStackTrace;
    this.javaException = details.javaException ?? null;
  }
}

/** The connection to the JVM is gone; every call in flight fails with this. */
export class GatewayClosedError extends Error {
  override name = 'GatewayClosedError';
  readonly code = 'E_GATEWAY_CLOSED';
}

/** A Java reference used after the scope that owned it was released. */
export class ReleasedObjectError extends Error {
  override name = 'ReleasedObjectError';
  readonly code = 'E_RELEASED';
  constructor(
    readonly objectId: string,
    readonly owner: string,
  ) {
    super(
      `This Java object (${objectId}) was released when ${owner} was re-run or released. ` +
        `Re-run ${owner} to get a fresh one, or wrap it in keep(...) there to keep it for the whole session.`,
    );
  }
}

/** A value that cannot be sent to Java, or a misuse of the cell API. */
export class JavaUsageError extends TypeError {
  override name = 'JavaUsageError';
  readonly code = 'E_USAGE';
}

/** The server answered something the client cannot make sense of. */
export class GatewayProtocolError extends Error {
  override name = 'GatewayProtocolError';
  readonly code = 'E_PROTOCOL';
}

export function isNoSuchMethod(message: string): boolean {
  return /(Method|Constructor) .*\(\[.*\]\) does not exist/.test(message.split('\n', 1)[0] ?? '');
}

/** A gateway error (`!xs…`) is a Py4JException's stack trace; show it as a JavaError. */
export function gatewayError(message: string): JavaError {
  const firstLine = message.split('\n', 1)[0] ?? message;
  if (firstLine.endsWith('Target Object ID does not exist for this gateway :t')) {
    return new JavaError({
      javaClass: 'py4j.Py4JException',
      message:
        'This gateway has no entry point: the embedded JVM starts without one. gateway.entryPoint is the object an ' +
        'application passes to new GatewayServer(entryPoint) when you attach to it with --gateway.',
      javaStackTrace: message,
    });
  }
  const m = /^([\w$.]+(?:Exception|Error)): (.*)$/.exec(firstLine);
  return new JavaError({
    javaClass: m?.[1] ?? 'py4j.Py4JException',
    message: m?.[2] ?? firstLine,
    javaStackTrace: message,
  });
}

export function noField(field: string): JavaError {
  return new JavaError({
    javaClass: 'java.lang.NoSuchFieldException',
    message: `No public field named ${field}.`,
    javaStackTrace: '',
  });
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object' && typeof value !== 'function') return `${typeof value} ${String(value)}`;
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor ? `a ${ctor}` : 'an object';
}

/** A number outside the range of the Java type it has to become; sent as is, the gateway would drop the connection. */
export class JavaRangeError extends RangeError {
  override name = 'JavaRangeError';
  readonly code = 'E_RANGE';
}

/** A call whose connection to the JVM closed before it was answered; the session goes on. */
export class ConnectionLostError extends Error {
  override name = 'ConnectionLostError';
  readonly code = 'E_CONNECTION_LOST';
  constructor(readonly relayMessage: string) {
    // The relay's sentence up to where it says that the session goes on, which this message says in full.
    const why = (relayMessage.split(/\n|; /, 1)[0] ?? '').replace(/[.\s]+$/, '');
    super(
      `${why}; this call was not answered and may or may not have run on the JVM. ` +
        `The session and its Java objects are intact: later calls use a new connection.`,
    );
  }
}
