/**
 * Errors of the notebook page's HTTP layer. Each has a stable `code`; the relay's
 * error codes (`E_CONFLICT`, …) are passed through as they are.
 */

/** The relay answered with an error status. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  readonly status: number;
  /** Extra fields of the relay's `error` object, e.g. `currentRevision` of a conflict. */
  readonly details: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The relay could not be reached at all (stopped, restarting, network gone). */
export class RelayUnreachableError extends Error {
  override name = 'RelayUnreachableError';
  readonly code = 'E_RELAY_UNREACHABLE';
}
