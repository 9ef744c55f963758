/**
 * A Scope is the set of Java references one cell run owns (or the session
 * owns, for `keep`). Releasing it sends one pipelined delete per id and marks
 * every reference released, so a later use fails on the client with a clear
 * ReleasedObjectError instead of a server error.
 */
import type { Owned, ScopeLike } from './gateway/java-ref.ts';

export type Releaser = (items: readonly Owned[]) => void;

export class Scope implements ScopeLike {
  private readonly items = new Set<Owned>();
  private closed = false;

  constructor(
    /** Names the owner in messages, e.g. `cell 3` (its position in the notebook) or `the session`. */
    readonly label: string,
    private readonly releaser: Releaser,
  ) {}

  get size(): number {
    return this.items.size;
  }

  get isReleased(): boolean {
    return this.closed;
  }

  /** Takes ownership of an item, removing it from its previous scope. */
  adopt(item: Owned): void {
    if (item.owner === this) return;
    item.owner?.forget(item);
    item.owner = this;
    this.items.add(item);
    if (this.closed) this.releaseItems([item]);
  }

  forget(item: Owned): void {
    this.items.delete(item);
  }

  has(item: Owned): boolean {
    return this.items.has(item);
  }

  /** The items currently owned, for inspection (counts per class in the UI). */
  list(): Owned[] {
    return [...this.items];
  }

  /** Releases one item now. */
  releaseOne(item: Owned): void {
    if (item.released) return;
    this.items.delete(item);
    this.releaseItems([item]);
  }

  /**
   * Releases everything held. A closed scope (the default: a cell run that is
   * over) releases at once whatever is adopted later by work it left running;
   * the session scope stays open across restarts.
   */
  release(options: { close?: boolean } = {}): number {
    this.closed = options.close ?? true;
    const all = [...this.items];
    this.items.clear();
    this.releaseItems(all);
    return all.length;
  }

  private releaseItems(items: Owned[]): void {
    const live: Owned[] = [];
    for (const item of items) {
      if (item.released) continue;
      item.released = true;
      item.releasedBy = this.label;
      item.owner = null;
      live.push(item);
    }
    if (live.length > 0) this.releaser(live);
  }
}
