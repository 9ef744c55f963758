/**
 * Shows the kernel's counts of live Java objects: a badge per code cell, the
 * session's total and kept count in the status bar, and the popover listing a
 * cell's (or the kept) objects by class. Holds no Java reference: it renders
 * `live-objects` and `object-classes` answers and asks the kernel for fresh ones.
 */
import type { LiveObjects } from '../kernel/kernel-client.ts';
import type { CellView } from './cell-view.ts';
import { ObjectPopover, type ObjectOwner } from './object-popover.ts';
import type { StatusBar } from './status-bar.ts';

/** While a cell runs, the counts are asked for this often, so its badge grows as it works. */
const POLL_MS = 1000;

export const NO_OBJECTS: LiveObjects = { total: 0, session: 0, cells: {} };

export interface ObjectDisplayDeps {
  status: StatusBar;
  /** The views of the code cells now shown. */
  codeCellViews: () => Iterable<CellView>;
  /** The cell's number as the page shows it (1-based position). */
  cellNumber: (cellId: string) => number;
  connected: () => boolean;
  requestLiveObjects: () => void;
  requestObjectClasses: (owner: ObjectOwner) => void;
}

export class ObjectDisplay {
  private readonly popover = new ObjectPopover();
  /** The kernel's latest counts; `null` while there is no session. */
  private counts: LiveObjects | null = null;
  private poll = 0;

  constructor(private readonly deps: ObjectDisplayDeps) {}

  /** New counts from the kernel, or `null` when the session is gone. */
  show(counts: LiveObjects | null): void {
    const previous = this.counts;
    this.counts = counts;
    this.deps.status.setObjects(counts);
    this.showCells();
    // An open list of classes follows the counts: asked again when its owner's count
    // changed, closed when its badge went away.
    const owner = this.popover.current;
    if (owner === undefined) return;
    if (counts === null || (owner !== null && !counts.cells[owner])) {
      this.popover.close();
      return;
    }
    const count = (c: LiveObjects | null) => (owner === null ? c?.session : c?.cells[owner]);
    if (count(counts) !== count(previous)) this.deps.requestObjectClasses(owner);
  }

  /** Puts the current counts on every code cell's badge (after cells were added, removed or retyped). */
  showCells(): void {
    for (const view of this.deps.codeCellViews()) view.setObjects(this.counts?.cells[view.cellId] ?? 0);
  }

  /** Opens (or closes) the classes of a cell's Java objects, or of the kept ones for `null`. */
  toggle(owner: ObjectOwner, anchor: HTMLElement): void {
    if (this.popover.isOpenFor(owner)) {
      this.popover.close();
      return;
    }
    if (!this.deps.connected()) return;
    this.popover.open(
      anchor,
      owner,
      owner === null
        ? { title: 'Kept Java objects', note: 'Kept with keep(): they live until release(x) or a restart.' }
        : {
            title: `Java objects of cell ${this.deps.cellNumber(owner)}`,
            note: 'Released when the cell runs again or is deleted; keep(x) keeps one longer.',
          },
    );
    this.deps.requestObjectClasses(owner);
    this.deps.requestLiveObjects();
  }

  /** The kernel's answer to `requestObjectClasses`. */
  classes(owner: ObjectOwner, classes: Record<string, number>): void {
    this.popover.show(owner, classes);
  }

  /** A run started: the kernel released the cell's previous objects, and counts its new ones as they come. */
  runStarted(view: CellView | undefined, cellId: string): void {
    view?.setObjects(0);
    if (this.popover.isOpenFor(cellId)) this.popover.close();
    if (!this.poll) this.poll = window.setInterval(() => this.deps.requestLiveObjects(), POLL_MS);
  }

  /** No cell runs any more (finished, or the session ended). */
  runStopped(): void {
    if (this.poll) window.clearInterval(this.poll);
    this.poll = 0;
  }

  dispose(): void {
    this.runStopped();
    this.popover.dispose();
  }
}
