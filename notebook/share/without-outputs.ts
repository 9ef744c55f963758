/**
 * A notebook stripped for sharing its code alone: every code cell's outputs
 * emptied and its execution count cleared, as `jupyter nbconvert
 * --clear-output` leaves a file. Everything else (metadata, ids, Markdown
 * attachments) is kept.
 */
import type { NotebookDoc } from '../../protocol/notebook-file.ts';

export function withoutOutputs(doc: NotebookDoc): NotebookDoc {
  return {
    ...doc,
    cells: doc.cells.map((cell) =>
      cell.cell_type === 'code' ? { ...cell, outputs: [], execution_count: null } : cell,
    ),
  };
}
