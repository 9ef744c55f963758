import { describe, expect, it } from 'vitest';
import type { NotebookDoc } from '../../../protocol/notebook-file.ts';
import { NotebookModel, type ModelChange } from '../../../notebook/model/notebook-model.ts';

function doc(): NotebookDoc {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { otherTool: { keep: true } },
    cells: [
      { id: 'a', cell_type: 'code', source: 'one', metadata: { tags: ['t'] }, outputs: [], execution_count: 1 },
      { id: 'b', cell_type: 'markdown', source: '# two', metadata: {} },
    ],
  } as NotebookDoc;
}

function model(): { model: NotebookModel; changes: ModelChange[] } {
  let n = 0;
  const m = new NotebookModel(doc(), () => `new${n++}`);
  const changes: ModelChange[] = [];
  m.onChange((change) => changes.push(change));
  return { model: m, changes };
}

const ids = (m: NotebookModel) => m.cells.map((c) => c.id);

describe('NotebookModel', () => {
  it('keeps unknown notebook and cell fields in the saved document', () => {
    const { model: m } = model();
    m.setSource('a', 'changed');
    const saved = m.toDoc();
    expect(saved.metadata).toEqual({ otherTool: { keep: true } });
    expect(saved.cells[0]).toMatchObject({ id: 'a', source: 'changed', metadata: { tags: ['t'] } });
  });

  it('inserts, removes and moves cells, announcing structure changes', () => {
    const { model: m, changes } = model();
    m.insert(1, 'code', 'x');
    expect(ids(m)).toEqual(['a', 'new0', 'b']);
    m.move('b', -1);
    expect(ids(m)).toEqual(['a', 'b', 'new0']);
    expect(m.move('a', -1)).toBe(false);
    m.remove(['a']);
    expect(ids(m)).toEqual(['b', 'new0']);
    expect(changes.filter((c) => c.kind === 'structure')).toHaveLength(3);
  });

  it('undoes and redoes cell operations, restoring deleted cells with their latest source', () => {
    const { model: m } = model();
    m.setSource('a', 'edited');
    m.remove(['a']);
    m.insert(0, 'markdown');
    expect(m.undo()).toBe(true);
    expect(m.undo()).toBe(true);
    expect(ids(m)).toEqual(['a', 'b']);
    expect(m.cell('a')!.source).toBe('edited');
    expect(m.redo()).toBe(true);
    expect(ids(m)).toEqual(['b']);
    expect(m.undo()).toBe(true);
    expect(m.undo()).toBe(false);
  });

  it('pastes copies with fresh ids', () => {
    const { model: m } = model();
    const [copy] = m.insertCopies(2, [m.cell('a')!]);
    expect(copy!.id).toBe('new0');
    expect(copy!.source).toBe('one');
    expect(ids(m)).toEqual(['a', 'b', 'new0']);
  });

  it('changes a cell type keeping id, source and metadata; a new code cell has no outputs', () => {
    const { model: m } = model();
    m.changeType('a', 'markdown');
    expect(m.cell('a')).toEqual({ id: 'a', cell_type: 'markdown', source: 'one', metadata: { tags: ['t'] } });
    m.changeType('b', 'code');
    expect(m.cell('b')).toMatchObject({ cell_type: 'code', outputs: [], execution_count: null });
    m.undo();
    expect(m.cell('b')!.cell_type).toBe('markdown');
  });

  it('bumps the change version on every edit, not on a no-op', () => {
    const { model: m } = model();
    const v = m.changeVersion;
    m.setSource('a', 'one');
    expect(m.changeVersion).toBe(v);
    m.setOutputs('a', [{ output_type: 'stream', name: 'stdout', text: 'hi' }], 2);
    expect(m.changeVersion).toBe(v + 1);
    expect(m.cell('a')).toMatchObject({ execution_count: 2 });
  });

  it('records a run: its count and its timing in the cell metadata, next to the fields of other tools', () => {
    const { model: m, changes } = model();
    const timing = {
      'iopub.execute_input': '2026-01-01T00:00:00.000Z',
      'shell.execute_reply': '2026-01-01T00:00:01.250Z',
    };
    m.recordRun('a', 3, timing);
    expect(m.toDoc().cells[0]).toMatchObject({ execution_count: 3, metadata: { tags: ['t'], execution: timing } });
    expect(changes).toEqual([{ kind: 'outputs', cellId: 'a' }]);
  });
});
