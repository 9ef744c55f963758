import { describe, expect, it } from 'vitest';
import { Scope } from '../../cells/scope.ts';
import type { Owned } from '../../cells/gateway/java-ref.ts';

function item(id: string): Owned {
  return { id, released: false, releasedBy: '', owner: null };
}

describe('Scope', () => {
  it('releases every id it holds, once, and marks them with its label', () => {
    const released: string[] = [];
    const scope = new Scope('cell 1', (items) => released.push(...items.map((i) => i.id)));
    const a = item('o1');
    const b = item('o2');
    scope.adopt(a);
    scope.adopt(b);
    expect(scope.size).toBe(2);
    expect(scope.release()).toBe(2);
    expect(released).toEqual(['o1', 'o2']);
    expect(a.released && a.releasedBy === 'cell 1').toBe(true);
    scope.release();
    expect(released).toEqual(['o1', 'o2']);
  });

  it('moves an item to another scope on adopt (keep)', () => {
    const released: string[] = [];
    const cell = new Scope('cell 1', (items) => released.push(...items.map((i) => i.id)));
    const session = new Scope('session', (items) => released.push(...items.map((i) => i.id)));
    const a = item('o1');
    cell.adopt(a);
    session.adopt(a);
    cell.release();
    expect(released).toEqual([]);
    expect(session.has(a)).toBe(true);
    session.release();
    expect(released).toEqual(['o1']);
  });

  it('releases at once what is adopted after the scope was released', () => {
    const released: string[] = [];
    const scope = new Scope('cell 2', (items) => released.push(...items.map((i) => i.id)));
    scope.release();
    scope.adopt(item('o9'));
    expect(released).toEqual(['o9']);
  });
});
