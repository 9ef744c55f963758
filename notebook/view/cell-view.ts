/**
 * The DOM of one cell: its number (`cell 4`, the position among all cells,
 * Markdown included — what tracebacks and the object popover call it), prompt
 * (`[ ]`, `[*]`, `[n]`: the execution counter), duration and the badge
 * counting the cell's live Java objects, the input
 * (static code, or the live editor while the cell is edited), rendered Markdown,
 * and the outputs. Holds no notebook logic: the page tells it what to show.
 */
import type { NotebookCell } from '../../protocol/notebook-file.ts';
import { renderOutputs } from './output-view.ts';
import { renderMarkdown } from './markdown.ts';
import { recordedDuration } from '../model/execution-timing.ts';

export type RunState = 'idle' | 'queued' | 'running';

export class CellView {
  readonly root: HTMLElement;
  /** Where the static code or the live editor goes. */
  readonly input: HTMLElement;
  private readonly staticCode: HTMLPreElement;
  private readonly prompt: HTMLElement;
  private readonly number: HTMLElement;
  private readonly duration: HTMLElement;
  /** "3 Java objects": the cell's live Java objects; hidden at 0, opens their classes when clicked. */
  readonly objectBadge: HTMLButtonElement;
  private readonly rendered: HTMLElement;
  private readonly outputs: HTMLElement;
  private shownSource: string | null = null;
  private shownOutputs: readonly unknown[] | null = null;
  private colorizedSource: string | null = null;
  private cellType: NotebookCell['cell_type'];

  constructor(
    readonly cellId: string,
    cell: NotebookCell,
  ) {
    this.cellType = cell.cell_type;
    this.root = div('cell', 'cell');
    this.root.dataset.cellId = cellId;
    this.root.tabIndex = -1;
    // A group, so that its label (`cell 4`) is what assistive technology announces.
    this.root.setAttribute('role', 'group');
    const gutter = div('cell-gutter', 'cell-gutter');
    this.number = div('cell-number', 'cell-number');
    this.prompt = div('prompt', 'prompt');
    this.duration = div('duration', 'duration');
    this.objectBadge = document.createElement('button');
    this.objectBadge.type = 'button';
    this.objectBadge.className = 'object-badge';
    this.objectBadge.dataset.testid = 'object-badge';
    this.objectBadge.setAttribute('aria-haspopup', 'dialog');
    this.setObjects(0);
    gutter.append(this.number, this.prompt, this.duration, this.objectBadge);
    const main = div('cell-main', 'cell-main');
    this.input = div('cell-input', 'cell-input');
    this.staticCode = document.createElement('pre');
    this.staticCode.className = 'static-code';
    this.staticCode.dataset.testid = 'static-code';
    this.input.append(this.staticCode);
    this.rendered = div('markdown-rendered markdown-body', 'markdown-rendered');
    this.outputs = div('outputs', 'outputs');
    main.append(this.input, this.rendered, this.outputs);
    this.root.append(gutter, main);
    this.root.dataset.state = 'idle';
    this.update(cell);
  }

  /** Shows the cell's current type, source (static) and outputs. */
  update(cell: NotebookCell): void {
    this.cellType = cell.cell_type;
    this.root.dataset.cellType = cell.cell_type;
    if (this.shownSource !== cell.source) {
      this.shownSource = cell.source;
      this.colorizedSource = null;
      this.staticCode.textContent = cell.source || ' ';
      this.staticCode.classList.toggle('empty', cell.source === '');
    }
    if (cell.cell_type === 'markdown' && this.rendered.dataset.source !== cell.source)
      this.renderMarkdownNow(cell.source);
    if (cell.cell_type === 'code') {
      this.renderOutputsOf(cell);
      if (this.root.dataset.state === 'idle') this.setPrompt(cell.execution_count);
      // Until the cell runs in this session, its duration is the one its file recorded.
      if (this.root.dataset.state === 'idle' && this.root.dataset.status === undefined)
        this.showRecordedDuration(recordedDuration(cell.metadata));
    } else {
      if (this.shownOutputs !== null) renderOutputs(this.outputs, []);
      this.shownOutputs = null;
      this.prompt.textContent = '';
      this.duration.textContent = '';
      this.setObjects(0);
    }
  }

  /** Shows the cell's 1-based position in the notebook, as messages name it (`cell 4`). */
  setNumber(position: number): void {
    const label = `cell ${position}`;
    if (this.number.textContent === label) return;
    this.number.textContent = label;
    this.root.setAttribute('aria-label', label);
    this.number.title = `Errors and the Java object list call this cell "${label}": its position in the notebook, counting Markdown cells. [n] beside it is the execution counter.`;
  }

  /** Shows how many Java objects the cell holds now; none hides the badge. */
  setObjects(count: number): void {
    const shown = this.cellType === 'code' ? count : 0;
    if (this.objectBadge.dataset.count === String(shown)) return;
    this.objectBadge.hidden = shown === 0;
    this.objectBadge.dataset.count = String(shown);
    this.objectBadge.textContent = `${shown.toLocaleString('en-US')} Java object${shown === 1 ? '' : 's'}`;
    this.objectBadge.title = `This cell holds ${shown.toLocaleString('en-US')} Java object${shown === 1 ? '' : 's'} on the JVM, released when it runs again or is deleted. Click for their classes.`;
  }

  renderOutputsOf(cell: NotebookCell): void {
    if (cell.cell_type !== 'code' || this.shownOutputs === cell.outputs) return;
    this.shownOutputs = cell.outputs;
    renderOutputs(this.outputs, cell.outputs);
  }

  /** Whether the static code still needs colouring for its current source. */
  needsColor(): boolean {
    return this.shownSource !== null && this.colorizedSource !== this.shownSource && this.shownSource !== '';
  }

  setColorized(source: string, html: string): void {
    if (source !== this.shownSource) return;
    this.colorizedSource = source;
    // Monaco writes spaces as non-breaking ones; the <pre> keeps plain spaces anyway, and
    // plain ones copy and search as the user typed them.
    this.staticCode.innerHTML = html.replace(/&nbsp;|&#160;|\u00a0/g, ' ');
  }

  setSelected(selected: boolean): void {
    this.root.classList.toggle('selected', selected);
    this.root.setAttribute('aria-selected', String(selected));
  }

  setEditing(editing: boolean): void {
    this.root.classList.toggle('editing', editing);
    this.staticCode.hidden = editing;
    this.root.dataset.editing = String(editing);
  }

  setRunState(state: RunState, executionCount?: number | null): void {
    this.root.dataset.state = state;
    if (this.cellType !== 'code') return;
    if (state === 'idle') this.setPrompt(executionCount ?? null);
    else {
      this.prompt.textContent = '[*]:';
      if (state === 'running') this.duration.textContent = 'running…';
      else this.duration.textContent = 'queued';
    }
  }

  setDuration(status: 'ok' | 'error' | 'interrupted' | 'cancelled', durationMs: number | null): void {
    this.root.dataset.status = status;
    if (durationMs === null) {
      this.duration.textContent = status === 'cancelled' ? 'not run' : '';
      return;
    }
    this.duration.textContent = formatDuration(durationMs);
    this.duration.title = `${status} in ${durationMs.toFixed(1)} ms`;
  }

  private showRecordedDuration(durationMs: number | null): void {
    this.duration.textContent = durationMs === null ? '' : formatDuration(durationMs);
    this.duration.title = durationMs === null ? '' : `last run took ${durationMs.toFixed(0)} ms`;
  }

  private setPrompt(count: number | null): void {
    this.prompt.textContent = `[${count ?? ' '}]:`;
  }

  private renderMarkdownNow(source: string): void {
    this.rendered.dataset.source = source;
    this.rendered.innerHTML = source.trim()
      ? renderMarkdown(source)
      : '<p class="placeholder">Empty Markdown cell — double-click or press Enter to edit</p>';
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function div(className: string, testId: string): HTMLDivElement {
  const element = document.createElement('div');
  element.className = className;
  element.dataset.testid = testId;
  return element;
}
