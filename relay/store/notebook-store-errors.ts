/**
 * Errors raised by the notebook folder on disk (`notebook-store.ts`). A malformed
 * notebook file is not one of these: reading it throws the `NotebookFormatError`
 * of `protocol/notebook-file.ts`, code `E_NOTEBOOK_FORMAT`.
 */

export type StoreErrorCode =
  /** The name is not a single `.ipynb` file name inside the notebook folder. */
  | 'E_BAD_NAME'
  /** The name is a symbolic link that leads out of the notebook folder (or nowhere). */
  | 'E_OUTSIDE_DIR'
  /** No notebook file by that name. */
  | 'E_NOT_FOUND'
  /** The target name is taken, and the operation never overwrites. */
  | 'E_EXISTS'
  /** A notebook file or request body is over the size limit. */
  | 'E_TOO_LARGE'
  /** The file changed since the revision the writer started from. */
  | 'E_CONFLICT';

export class StoreError extends Error {
  override readonly name: string = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A write whose base revision is not the file's current one: another tab, editor or
 * `git checkout` changed the file since the writer read it.
 */
export class ConflictError extends StoreError {
  override readonly name: string = 'ConflictError';
  declare readonly code: 'E_CONFLICT';
  /** The revision on disk now; null when the file no longer exists. */
  readonly currentRevision: string | null;

  constructor(fileName: string, currentRevision: string | null, baseRevision: string | null) {
    super('E_CONFLICT', conflictMessage(fileName, currentRevision, baseRevision));
    this.currentRevision = currentRevision;
  }
}

function conflictMessage(fileName: string, current: string | null, base: string | null): string {
  if (current === null) return `${fileName} was deleted since it was opened; save again with force to recreate it.`;
  if (base === null) return `${fileName} already exists; choose another name or save with force to overwrite it.`;
  return `${fileName} was changed on disk since it was opened (revision ${base}, now ${current}); reload it or save with force to overwrite it.`;
}
