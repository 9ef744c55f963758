/**
 * The open notebook in memory: the document as read from the relay (unknown fields
 * included, so they survive a save), the cell operations a user performs, and
 * their undo history. Pure: no DOM, no I/O. Views subscribe to changes.
 */
import type { CodeCell, NotebookCell, NotebookDoc } from '../../protocol/notebook-file.ts';
import type { CellOutput } from '../../protocol/outputs.ts';
import type { ExecutionTiming } from './execution-timing.ts';

export type CellType = 'code' | 'markdown';

export type ModelChange =
  /** Cells were added, removed, moved or replaced. */
  | { kind: 'structure' }
  /** One cell's source changed. */
  | { kind: 'source'; cellId: string }
  /** One code cell's outputs or execution count changed. */
  | { kind: 'outputs'; cellId: string };

const UNDO_LIMIT = 100;

export class NotebookModel {
  private cellList: NotebookCell[];
  private readonly undoStack: NotebookCell[][] = [];
  private readonly redoStack: NotebookCell[][] = [];
  private readonly listeners = new Set<(change: ModelChange) => void>();
  /** Bumped on every change that should reach the file. */
  private version = 0;

  constructor(
    private readonly doc: NotebookDoc,
    private readonly newId: () => string,
  ) {
    this.cellList = [...doc.cells];
  }

  get cells(): readonly NotebookCell[] {
    return this.cellList;
  }

  get changeVersion(): number {
    return this.version;
  }

  /** The document to save: the original's unknown fields with the current cells. */
  toDoc(): NotebookDoc {
    return { ...this.doc, cells: this.cellList.map((cell) => ({ ...cell })) };
  }

  onChange(listener: (change: ModelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  indexOf(cellId: string): number {
    return this.cellList.findIndex((cell) => cell.id === cellId);
  }

  cell(cellId: string): NotebookCell | undefined {
    return this.cellList[this.indexOf(cellId)];
  }

  insert(index: number, type: CellType, source = ''): NotebookCell {
    const cell = this.blankCell(type, source);
    this.structural(() => this.cellList.splice(clamp(index, 0, this.cellList.length), 0, cell));
    return cell;
  }

  /** Inserts copies of cells (a paste): fresh ids, code outputs kept. */
  insertCopies(index: number, cells: readonly NotebookCell[]): NotebookCell[] {
    const copies = cells.map((cell) => ({ ...structuredClone(cell), id: this.newId() }));
    this.structural(() => this.cellList.splice(clamp(index, 0, this.cellList.length), 0, ...copies));
    return copies;
  }

  remove(cellIds: readonly string[]): NotebookCell[] {
    const removed = this.cellList.filter((cell) => cellIds.includes(cell.id));
    if (removed.length === 0) return [];
    this.structural(() => {
      this.cellList = this.cellList.filter((cell) => !cellIds.includes(cell.id));
    });
    return removed;
  }

  move(cellId: string, delta: number): boolean {
    const from = this.indexOf(cellId);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= this.cellList.length) return false;
    this.structural(() => {
      const [cell] = this.cellList.splice(from, 1);
      this.cellList.splice(to, 0, cell!);
    });
    return true;
  }

  /** Changes a cell's type, keeping its id, source and metadata; a new code cell starts with no outputs. */
  changeType(cellId: string, type: CellType): void {
    const index = this.indexOf(cellId);
    const cell = this.cellList[index];
    if (!cell || cell.cell_type === type) return;
    const { outputs: _outputs, execution_count: _count, ...rest } = cell as Partial<CodeCell> & NotebookCell;
    const replaced: NotebookCell =
      type === 'code'
        ? {
            ...rest,
            id: cell.id,
            source: cell.source,
            metadata: cell.metadata,
            cell_type: 'code',
            outputs: [],
            execution_count: null,
          }
        : { ...rest, id: cell.id, source: cell.source, metadata: cell.metadata, cell_type: 'markdown' };
    this.structural(() => this.cellList.splice(index, 1, replaced));
  }

  setSource(cellId: string, source: string): void {
    const cell = this.cell(cellId);
    if (!cell || cell.source === source) return;
    cell.source = source;
    this.version++;
    this.emit({ kind: 'source', cellId });
  }

  setOutputs(cellId: string, outputs: CellOutput[], executionCount?: number | null): void {
    const cell = this.cell(cellId);
    if (!cell || cell.cell_type !== 'code') return;
    cell.outputs = outputs;
    if (executionCount !== undefined) cell.execution_count = executionCount;
    this.version++;
    this.emit({ kind: 'outputs', cellId });
  }

  /**
   * A run finished: its execution count and its timing (cell metadata `execution`,
   * as JupyterLab writes it) go into the file, so a reload still shows them.
   */
  recordRun(cellId: string, executionCount: number, timing: ExecutionTiming): void {
    const cell = this.cell(cellId);
    if (!cell || cell.cell_type !== 'code') return;
    cell.execution_count = executionCount;
    cell.metadata = { ...cell.metadata, execution: timing };
    this.version++;
    this.emit({ kind: 'outputs', cellId });
  }

  canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Undoes the last cell operation (not text edits: those belong to each cell's editor). */
  undo(): boolean {
    const previous = this.undoStack.pop();
    if (!previous) return false;
    this.redoStack.push(this.cellList);
    this.cellList = previous;
    this.version++;
    this.emit({ kind: 'structure' });
    return true;
  }

  redo(): boolean {
    const next = this.redoStack.pop();
    if (!next) return false;
    this.undoStack.push(this.cellList);
    this.cellList = next;
    this.version++;
    this.emit({ kind: 'structure' });
    return true;
  }

  private blankCell(type: CellType, source: string): NotebookCell {
    const id = this.newId();
    return type === 'code'
      ? { id, cell_type: 'code', source, metadata: {}, outputs: [], execution_count: null }
      : { id, cell_type: 'markdown', source, metadata: {} };
  }

  /** Runs a change of the cell list, remembering the list before it for undo. */
  private structural(change: () => void): void {
    // Cells are shared between snapshots: undo restores which cells exist and in what
    // order, while each cell keeps its latest source.
    this.undoStack.push([...this.cellList]);
    if (this.undoStack.length > UNDO_LIMIT) this.undoStack.shift();
    this.redoStack.length = 0;
    change();
    this.version++;
    this.emit({ kind: 'structure' });
  }

  private emit(change: ModelChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
