/**
 * Errors of the Py4J codec that a peer's input can cause. Each has a stable
 * `code`; the relay turns them into a policy close of the offending socket.
 */
export type FrameLimitCode = 'E_PY4J_LINE_TOO_LONG' | 'E_PY4J_COMMAND_TOO_LARGE';

/** Input went past a size bound while it was being cut: raised before anything past the bound is kept. */
export class FrameLimitError extends Error {
  override name = 'FrameLimitError';
  readonly code: FrameLimitCode;
  readonly limit: number;

  constructor(code: FrameLimitCode, limit: number) {
    super(
      code === 'E_PY4J_LINE_TOO_LONG'
        ? `A Py4J protocol line is longer than ${limit} characters.`
        : `A Py4J command is larger than ${limit} characters.`,
    );
    this.code = code;
    this.limit = limit;
  }
}
