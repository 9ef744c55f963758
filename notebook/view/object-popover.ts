/**
 * The popover that lists which classes a cell's Java objects are (or the
 * session's kept ones), opened from a cell's object badge or the status bar.
 * One instance per page: opening it somewhere closes it elsewhere. It shows
 * "Counting…" until the kernel answers, and closes on Escape, on a click
 * outside, and when the page scrolls or resizes under it.
 */

/** Which objects the popover lists: a cell's (by id) or, for `null`, the session's kept ones. */
export type ObjectOwner = string | null;

export interface PopoverContent {
  title: string;
  /** A sentence under the list: when these objects are released. */
  note: string;
}

export class ObjectPopover {
  readonly root: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly body: HTMLElement;
  private readonly note: HTMLElement;
  private anchor: HTMLElement | null = null;
  private owner: ObjectOwner | undefined = undefined;
  private readonly disposers: (() => void)[] = [];

  constructor() {
    this.root = document.createElement('div');
    this.root.className = 'object-popover';
    this.root.dataset.testid = 'object-popover';
    this.root.setAttribute('role', 'dialog');
    this.root.hidden = true;
    this.heading = document.createElement('div');
    this.heading.className = 'object-popover-title';
    this.heading.dataset.testid = 'object-popover-title';
    this.body = document.createElement('div');
    this.note = document.createElement('div');
    this.note.className = 'object-popover-note';
    this.root.append(this.heading, this.body, this.note);
    document.body.append(this.root);

    const onPointer = (event: MouseEvent) => {
      const target = event.target as Node;
      if (this.isOpen && !this.root.contains(target) && !this.anchor?.contains(target)) this.close();
    };
    const onKey = (event: KeyboardEvent) => {
      if (this.isOpen && event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.close();
      }
    };
    const onMove = (event: Event) => {
      if (this.isOpen && !this.root.contains(event.target as Node)) this.close();
    };
    document.addEventListener('mousedown', onPointer, true);
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('scroll', onMove, true);
    window.addEventListener('resize', onMove);
    this.disposers.push(
      () => document.removeEventListener('mousedown', onPointer, true),
      () => document.removeEventListener('keydown', onKey, true),
      () => document.removeEventListener('scroll', onMove, true),
      () => window.removeEventListener('resize', onMove),
    );
  }

  /** Whose objects the popover lists now; `undefined` when it is closed. */
  get current(): ObjectOwner | undefined {
    return this.owner;
  }

  get isOpen(): boolean {
    return this.owner !== undefined;
  }

  isOpenFor(owner: ObjectOwner): boolean {
    return this.owner === owner;
  }

  /** Opens next to `anchor`, counting, until `show` brings the classes. */
  open(anchor: HTMLElement, owner: ObjectOwner, content: PopoverContent): void {
    this.close();
    this.anchor = anchor;
    this.owner = owner;
    anchor.setAttribute('aria-expanded', 'true');
    this.root.dataset.owner = owner ?? 'session';
    this.heading.textContent = content.title;
    this.note.textContent = content.note;
    this.showMessage('Counting…');
    this.root.dataset.state = 'counting';
    this.root.hidden = false;
    this.place();
  }

  /** Shows the classes, if the popover is still open for this owner; largest counts first. */
  show(owner: ObjectOwner, classes: Record<string, number>): void {
    if (!this.isOpenFor(owner)) return;
    const rows = Object.entries(classes).sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
    this.root.dataset.state = 'ready';
    if (rows.length === 0) {
      this.showMessage(owner === null ? 'Nothing kept.' : 'No Java objects.');
      this.place();
      return;
    }
    const table = document.createElement('table');
    table.className = 'object-classes';
    for (const [name, count] of rows) {
      const tr = table.insertRow();
      tr.dataset.testid = 'object-class';
      tr.dataset.className = name;
      tr.dataset.count = String(count);
      const countCell = tr.insertCell();
      countCell.className = 'object-class-count';
      countCell.textContent = count.toLocaleString('en-US');
      const nameCell = tr.insertCell();
      nameCell.className = 'object-class-name';
      nameCell.textContent = name;
    }
    this.body.replaceChildren(table);
    this.place();
  }

  close(): void {
    this.anchor?.setAttribute('aria-expanded', 'false');
    this.anchor = null;
    this.owner = undefined;
    this.root.hidden = true;
  }

  dispose(): void {
    this.close();
    for (const dispose of this.disposers) dispose();
    this.root.remove();
  }

  private showMessage(text: string): void {
    const p = document.createElement('p');
    p.className = 'object-popover-message';
    p.textContent = text;
    this.body.replaceChildren(p);
  }

  /** Below the anchor, or above it when there is no room below (the status bar is at the bottom). */
  private place(): void {
    if (!this.anchor) return;
    const at = this.anchor.getBoundingClientRect();
    const margin = 6;
    const width = this.root.offsetWidth;
    const height = this.root.offsetHeight;
    const left = Math.max(margin, Math.min(at.left, window.innerWidth - width - margin));
    const below = at.bottom + 4;
    const top = below + height <= window.innerHeight - margin ? below : Math.max(margin, at.top - 4 - height);
    this.root.style.left = `${left}px`;
    this.root.style.top = `${top}px`;
  }
}
