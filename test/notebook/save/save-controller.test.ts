import { describe, expect, it } from 'vitest';
import type { NotebookDoc } from '../../../protocol/notebook-file.ts';
import { ApiError, RelayUnreachableError } from '../../../notebook/api/errors.ts';
import { LocalBackup } from '../../../notebook/save/local-backup.ts';
import { SaveController, type ConflictChoice, type SaveState } from '../../../notebook/save/save-controller.ts';
import { ManualTimers, flush } from '../fake-timers.ts';

function setup(
  saveImpl: (doc: NotebookDoc, base: string, force: boolean) => Promise<string>,
  choice: ConflictChoice = 'later',
) {
  const timers = new ManualTimers();
  const store = new Map<string, string>();
  const backup = new LocalBackup(
    {
      getItem: (k) => store.get(k) ?? null,
      setItem: (k, v) => void store.set(k, v),
      removeItem: (k) => void store.delete(k),
    },
    'n.ipynb',
  );
  let version = 0;
  const states: SaveState[] = [];
  const calls: { base: string; force: boolean }[] = [];
  let reloaded = false;
  const controller = new SaveController({
    name: 'n.ipynb',
    revision: 'r1',
    save: (doc, base, force) => {
      calls.push({ base, force });
      return saveImpl(doc, base, force);
    },
    snapshot: () => ({ doc: { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] }, version }),
    backup,
    onState: (state) => states.push(state),
    resolveConflict: async () => choice,
    reload: () => {
      reloaded = true;
    },
    setTimer: timers.setTimer,
  });
  const edit = () => {
    version++;
    controller.edited();
  };
  return { controller, timers, backup, states, calls, edit, reloaded: () => reloaded };
}

describe('SaveController', () => {
  it('reports the notebook it starts with as saved', () => {
    const s = setup(async () => 'r2');
    expect(s.states).toEqual(['saved']);
  });

  it('autosaves shortly after the last edit and clears the browser copy once saved', async () => {
    const s = setup(async () => 'r2');
    s.edit();
    s.timers.advance(400);
    expect(s.backup.read()?.baseRevision).toBe('r1');
    s.edit();
    s.timers.advance(1000);
    expect(s.calls).toHaveLength(0);
    s.timers.advance(600);
    await flush();
    expect(s.calls).toEqual([{ base: 'r1', force: false }]);
    expect(s.controller.current).toBe('saved');
    expect(s.controller.hasUnsaved).toBe(false);
    expect(s.backup.read()).toBeNull();
  });

  it('keeps the browser copy at once when the page goes away, before its timer would', () => {
    const s = setup(async () => 'r2');
    s.edit();
    expect(s.backup.read()).toBeNull();
    s.controller.keepBrowserCopy();
    expect(s.backup.read()).toMatchObject({ baseRevision: 'r1' });
  });

  it('saves over the revision of its last save', async () => {
    let n = 1;
    const s = setup(async () => `r${++n}`);
    s.edit();
    await s.controller.saveNow();
    s.edit();
    await s.controller.saveNow();
    expect(s.calls.map((c) => c.base)).toEqual(['r1', 'r2']);
  });

  it('goes offline while the relay is unreachable, keeps the browser copy and retries', async () => {
    let up = false;
    const s = setup(async () => {
      if (!up) throw new RelayUnreachableError('down');
      return 'r2';
    });
    s.edit();
    await s.controller.saveNow();
    expect(s.controller.current).toBe('offline');
    expect(s.backup.read()).not.toBeNull();
    up = true;
    s.controller.relayBack();
    s.timers.advance(0);
    await flush();
    expect(s.controller.current).toBe('saved');
    expect(s.backup.read()).toBeNull();
  });

  it('never overwrites a conflicting save unless the user says so', async () => {
    const s = setup(async (_doc, _base, force) => {
      if (!force) throw new ApiError(409, 'E_CONFLICT', 'changed', { currentRevision: 'r9' });
      return 'r10';
    }, 'overwrite');
    s.edit();
    await s.controller.saveNow();
    await flush();
    expect(s.calls).toEqual([
      { base: 'r1', force: false },
      { base: 'r1', force: true },
    ]);
    expect(s.controller.current).toBe('saved');
  });

  it('stays in conflict (no autosave) when the user decides later, and reloads when asked', async () => {
    const s = setup(async () => {
      throw new ApiError(409, 'E_CONFLICT', 'changed');
    });
    s.edit();
    await s.controller.saveNow();
    await flush();
    expect(s.controller.current).toBe('conflict');
    s.edit();
    s.timers.advance(10_000);
    expect(s.calls).toHaveLength(1);

    const r = setup(async () => {
      throw new ApiError(409, 'E_CONFLICT', 'changed');
    }, 'reload');
    r.edit();
    await r.controller.saveNow();
    await flush();
    expect(r.reloaded()).toBe(true);
    expect(r.controller.hasUnsaved).toBe(false);
  });

  it('marks a restored document unsaved', () => {
    const s = setup(async () => 'r2');
    expect(s.controller.hasUnsaved).toBe(false);
    s.controller.markUnsaved();
    expect(s.controller.hasUnsaved).toBe(true);
    expect(s.controller.current).toBe('dirty');
  });
});
