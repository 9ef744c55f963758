import { describe, expect, it } from 'vitest';
import type { NotebookDoc } from '../../../protocol/notebook-file.ts';
import { withoutOutputs } from '../../../notebook/share/without-outputs.ts';

const DOC: NotebookDoc = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: 'jvm-notebook' } },
  cells: [
    { id: 'm', cell_type: 'markdown', source: '# Title', metadata: {} },
    {
      id: 'c',
      cell_type: 'code',
      source: '1 + 1',
      metadata: { tags: ['x'] },
      execution_count: 3,
      outputs: [{ output_type: 'execute_result', execution_count: 3, data: { 'text/plain': '2' }, metadata: {} }],
    },
  ],
};

describe('withoutOutputs', () => {
  it('empties every code cell’s outputs and clears its execution count', () => {
    const cell = withoutOutputs(DOC).cells[1]!;
    expect(cell).toEqual({
      id: 'c',
      cell_type: 'code',
      source: '1 + 1',
      metadata: { tags: ['x'] },
      outputs: [],
      execution_count: null,
    });
  });

  it('keeps Markdown cells and the notebook metadata as they are', () => {
    const doc = withoutOutputs(DOC);
    expect(doc.cells[0]).toBe(DOC.cells[0]);
    expect(doc.metadata).toEqual(DOC.metadata);
  });

  it('leaves the notebook it was given untouched', () => {
    withoutOutputs(DOC);
    expect(DOC.cells[1]).toMatchObject({ execution_count: 3 });
  });
});
