/**
 * The list of cell views, kept in the model's order. Creates and drops views as
 * cells come and go, colours static code only once a cell scrolls into view, and
 * turns clicks into selection, edit and object-badge requests.
 */
import type { NotebookCell } from '../../protocol/notebook-file.ts';
import { CellView } from './cell-view.ts';
import { sourceOffsetAtPoint } from './source-offset-at-point.ts';

export interface CellListEvents {
  select(cellId: string): void;
  /** Edit a cell; `at` is the offset in its source where its static code was clicked. */
  edit(cellId: string, at?: number): void;
  /** A cell's static code became visible and may need colouring. */
  visible(cellId: string): void;
  /** The badge counting a cell's Java objects was clicked. */
  objects(cellId: string, badge: HTMLElement): void;
}

export class CellListView {
  readonly root: HTMLElement;
  private readonly views = new Map<string, { view: CellView; cell: NotebookCell }>();
  private readonly observer: IntersectionObserver;
  private readonly visibleIds = new Set<string>();

  constructor(events: CellListEvents) {
    this.root = document.createElement('main');
    this.root.className = 'cells';
    this.root.dataset.testid = 'cells';
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = (entry.target as HTMLElement).dataset.cellId!;
          if (entry.isIntersecting) {
            this.visibleIds.add(id);
            events.visible(id);
          } else this.visibleIds.delete(id);
        }
      },
      { rootMargin: '400px 0px' },
    );
    this.root.addEventListener('mousedown', (event) => {
      const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
      if (!cell) return;
      const id = cell.dataset.cellId!;
      const target = event.target as HTMLElement;
      if (target.closest('.live-editor') || target.closest('button, a, input, select')) {
        if (!target.closest('.live-editor')) events.select(id);
        return;
      }
      const code = target.closest<HTMLElement>('.static-code');
      if (code && cell.dataset.cellType === 'code') {
        event.preventDefault();
        events.select(id);
        events.edit(id, sourceOffsetAtPoint(code, event.clientX, event.clientY) ?? undefined);
        return;
      }
      events.select(id);
    });
    this.root.addEventListener('click', (event) => {
      const badge = (event.target as HTMLElement).closest<HTMLElement>('.object-badge');
      const cell = badge?.closest<HTMLElement>('.cell');
      if (badge && cell) events.objects(cell.dataset.cellId!, badge);
    });
    this.root.addEventListener('dblclick', (event) => {
      const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell');
      if (cell && (event.target as HTMLElement).closest('.markdown-rendered')) events.edit(cell.dataset.cellId!);
    });
  }

  get(cellId: string): CellView | undefined {
    return this.views.get(cellId)?.view;
  }

  isVisible(cellId: string): boolean {
    return this.visibleIds.has(cellId);
  }

  /** Brings the DOM in line with the cells: order, added, removed, replaced (type change). */
  sync(cells: readonly NotebookCell[]): void {
    const keep = new Set(cells.map((cell) => cell.id));
    for (const [id, { view }] of this.views) {
      if (!keep.has(id)) {
        this.observer.unobserve(view.root);
        view.root.remove();
        this.views.delete(id);
        this.visibleIds.delete(id);
      }
    }
    let previous: Element | null = null;
    for (const [index, cell] of cells.entries()) {
      let entry = this.views.get(cell.id);
      if (!entry) {
        entry = { view: new CellView(cell.id, cell), cell };
        this.views.set(cell.id, entry);
        this.observer.observe(entry.view.root);
      } else if (entry.cell !== cell) {
        entry.cell = cell;
        entry.view.update(cell);
      }
      entry.view.setNumber(index + 1);
      const expected: Element | null = previous ? previous.nextElementSibling : this.root.firstElementChild;
      if (expected !== entry.view.root) {
        if (previous) previous.after(entry.view.root);
        else this.root.prepend(entry.view.root);
      }
      previous = entry.view.root;
    }
  }

  /** The cell object a view shows changed in place (source, outputs). */
  refresh(cell: NotebookCell): void {
    const entry = this.views.get(cell.id);
    if (!entry) return;
    entry.cell = cell;
    entry.view.update(cell);
  }
}
