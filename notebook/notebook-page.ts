/**
 * One open notebook: wires the model, the kernel worker, saving, the editor and
 * the views together, and carries out the commands that keys and buttons name.
 */
import { newCellId } from '../protocol/cell-id.ts';
import type { NotebookCell } from '../protocol/notebook-file.ts';
import type { CellOutput } from '../protocol/outputs.ts';
import type { NotebookApi, RelayStatus } from './api/notebook-api.ts';
import { ApiError } from './api/errors.ts';
import { CellEditors } from './editor/cell-editors.ts';
import { loadMonaco } from './editor/monaco-loader.ts';
import { ConnectionMonitor } from './kernel/connection-monitor.ts';
import { KernelClient, type KernelObserver } from './kernel/kernel-client.ts';
import { CommandKeys } from './model/command-keys.ts';
import { NotebookModel } from './model/notebook-model.ts';
import { executionTiming } from './model/execution-timing.ts';
import { appendCapped } from './model/output-buffer.ts';
import { LocalBackup, type KeyValueStore } from './save/local-backup.ts';
import { SaveController } from './save/save-controller.ts';
import type { NotebookSharing } from './share/notebook-sharing.ts';
import { CellListView } from './view/cell-list-view.ts';
import type { CellView } from './view/cell-view.ts';
import { showDialog, showToast } from './view/dialog.ts';
import { NO_OBJECTS, ObjectDisplay } from './view/object-display.ts';
import { StatusBar } from './view/status-bar.ts';
import { Toolbar, type ToolbarCommand } from './view/toolbar.ts';

export interface NotebookPageDeps {
  api: NotebookApi;
  name: string;
  root: HTMLElement;
  createWorker: () => Worker;
  kernelUrl: string;
  storage: KeyValueStore;
}

type Mode = 'command' | 'edit';

export class NotebookPage {
  private model!: NotebookModel;
  private save!: SaveController;
  private kernel!: KernelClient;
  private list!: CellListView;
  private toolbar!: Toolbar;
  private status!: StatusBar;
  private objects!: ObjectDisplay;
  private monitor!: ConnectionMonitor;
  /** Download and export, loaded on first use: opening a notebook does not need them. */
  private sharing: Promise<NotebookSharing> | null = null;
  private editors: CellEditors | null = null;
  private selectedId = '';
  private mode: Mode = 'command';
  private readonly keys = new CommandKeys();
  private clipboard: NotebookCell[] = [];
  /** Markdown cells shown as source (being edited, or edited and not yet run). */
  private readonly unrendered = new Set<string>();
  private readonly pendingOutputs = new Set<string>();
  private outputFrame = 0;
  private jvmMode = '';
  /** Code cells sent to the kernel this session: when one leaves the notebook's code, its objects are released. */
  private readonly kernelCells = new Set<string>();
  private readonly disposers: (() => void)[] = [];
  /** The page left this notebook: an editor still loading must not create models for it. */
  private disposed = false;

  constructor(private readonly deps: NotebookPageDeps) {}

  async open(): Promise<void> {
    const { api, name, root } = this.deps;
    root.replaceChildren(loadingMessage(`Opening ${name}…`));
    let loaded;
    try {
      loaded = await api.load(name);
    } catch (error) {
      root.replaceChildren(errorMessage(`Could not open ${name}`, error));
      return;
    }
    const backup = new LocalBackup(this.deps.storage, name);
    const kept = backup.read();
    let doc = loaded.notebook;
    let restored = false;
    if (kept && JSON.stringify(kept.notebook.cells) !== JSON.stringify(doc.cells)) {
      if (kept.baseRevision === loaded.revision) restored = true;
      else {
        const { value } = await showDialog(
          'Unsaved changes in this browser',
          `This browser kept changes to ${name} from ${new Date(kept.savedAt).toLocaleString()} that were never saved, and the file has changed since. Keep your changes (they will be saved over the file) or use the file?`,
          [
            { label: 'Keep my changes', value: true, testId: 'restore-keep', primary: true },
            { label: 'Use the file', value: false, testId: 'restore-discard' },
          ],
        );
        restored = value;
      }
      if (restored) doc = kept.notebook;
      else backup.clear();
    }
    if (doc.cells.length === 0)
      doc = {
        ...doc,
        cells: [{ id: newCellId(), cell_type: 'code', source: '', metadata: {}, outputs: [], execution_count: null }],
      };

    this.model = new NotebookModel(doc, newCellId);
    this.buildDom();
    this.save = new SaveController({
      name,
      revision: loaded.revision,
      save: (notebook, baseRevision, force) => api.save(name, notebook, baseRevision, force),
      snapshot: () => ({ doc: this.model.toDoc(), version: this.model.changeVersion }),
      backup,
      onState: (state, detail) => {
        this.status.setSave(state, detail);
        this.toolbar.setDirty(state !== 'saved');
        if (state === 'offline') this.monitor.start();
      },
      resolveConflict: () => this.askConflict(),
      reload: () => location.reload(),
    });
    if (restored) {
      this.save.markUnsaved();
      showToast('Restored unsaved changes kept in this browser.');
    }
    this.model.onChange((change) => {
      this.save.edited();
      if (change.kind === 'structure') this.onStructure();
      else if (change.kind === 'source') this.onSource(change.cellId);
      else this.scheduleOutputs(change.cellId);
    });
    this.startKernel();
    this.select(this.model.cells[0]!.id);
    this.listen();
    void this.loadEditor();
  }

  dispose(): void {
    // Leaving for another page inside the app: push what is unsaved (the browser copy stays regardless).
    if (this.save?.hasUnsaved) void this.save.saveNow();
    this.disposed = true;
    for (const dispose of this.disposers) dispose();
    // Monaco's models are global to the page and keyed by cell: they go with the notebook.
    this.editors?.dispose();
    this.editors = null;
    this.objects?.dispose();
    this.monitor?.stop();
    this.kernel?.dispose();
  }

  private buildDom(): void {
    this.toolbar = new Toolbar(this.deps.name, (command) => this.run(command));
    this.list = new CellListView({
      select: (id) => {
        if (this.mode === 'edit' && id !== this.selectedId) this.leaveEdit();
        // No scrolling on a click: the page moving under the pointer would turn the click into a drag.
        this.select(id, false);
      },
      edit: (id, at) => void this.enterEdit(id, at),
      visible: (id) => void this.colorize(id),
      objects: (id, badge) => this.objects.toggle(id, badge),
    });
    this.status = new StatusBar({
      reconnect: () => this.reconnect(),
      restartJvm: () => void this.restartJvm(),
      showKept: (anchor) => this.objects.toggle(null, anchor),
    });
    this.objects = new ObjectDisplay({
      status: this.status,
      codeCellViews: () => this.codeCellViews(),
      cellNumber: (id) => this.model.indexOf(id) + 1,
      connected: () => this.kernel.connection === 'connected',
      requestLiveObjects: () => this.kernel.requestLiveObjects(),
      requestObjectClasses: (owner) => this.kernel.requestObjectClasses(owner),
    });
    const page = document.createElement('div');
    page.className = 'notebook-page';
    page.dataset.testid = 'notebook-page';
    page.dataset.notebook = this.deps.name;
    page.append(this.toolbar.root, this.list.root, this.status.root);
    this.deps.root.replaceChildren(page);
    this.list.sync(this.model.cells);
    for (const cell of this.model.cells) this.showMode(cell.id);
  }

  private listen(): void {
    const onKey = (event: KeyboardEvent) => this.onKeyDown(event);
    const onUnload = (event: BeforeUnloadEvent) => {
      if (this.save.hasUnsaved) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    // localStorage writes are synchronous, so the copy is kept even when the page is gone a moment later.
    const onHide = () => this.save.keepBrowserCopy();
    const onResize = () => this.editors?.layout();
    document.addEventListener('keydown', onKey);
    window.addEventListener('beforeunload', onUnload);
    window.addEventListener('pagehide', onHide);
    window.addEventListener('resize', onResize);
    this.disposers.push(
      () => document.removeEventListener('keydown', onKey),
      () => window.removeEventListener('beforeunload', onUnload),
      () => window.removeEventListener('pagehide', onHide),
      () => window.removeEventListener('resize', onResize),
    );
  }

  // ---- kernel -------------------------------------------------------------

  private startKernel(): void {
    this.monitor = new ConnectionMonitor({
      status: () => this.deps.api.status(),
      onStatus: (status) => this.onRelayStatus(status),
      onUnreachable: (error) => {
        const detail =
          error instanceof ApiError && (error.status === 401 || error.status === 403)
            ? 'The relay no longer accepts this page’s token (it restarted with a new one): open the URL it printed.'
            : 'The relay is not answering; retrying…';
        this.status.setRelay('unreachable', detail);
        this.status.setJvm('unknown', '');
      },
    });
    const observer: KernelObserver = {
      connection: (state, detail) => {
        this.status.setRelay(state, detail);
        this.list.root.dataset.connection = state;
        if (state === 'connected') {
          this.jvmMode = detail.startsWith('Attached') ? 'attach' : 'embedded';
          this.monitor.stop();
          void this.refreshStatus();
        } else if (state === 'disconnected') {
          // The relay releases a closed session's objects: none are held any more.
          this.objects.runStopped();
          this.kernelCells.clear();
          this.objects.show(null);
          // Ask the relay at once whether it or only its JVM went away, so the status bar says which.
          this.monitor.start();
          this.monitor.pollNow();
        }
      },
      queued: (id) => this.list.get(id)?.setRunState('queued'),
      cancelled: (id) => {
        const view = this.list.get(id);
        const cell = this.model.cell(id);
        view?.setRunState('idle', cell?.cell_type === 'code' ? cell.execution_count : null);
        view?.setDuration('cancelled', null);
      },
      started: (id) => {
        this.model.setOutputs(id, [], null);
        this.list.get(id)?.setRunState('running');
        this.objects.runStarted(this.list.get(id), id);
      },
      output: (id, output) => this.addOutput(id, output),
      finished: (id, status, count, durationMs) => {
        this.objects.runStopped();
        const cell = this.model.cell(id);
        if (cell?.cell_type === 'code' && count > 0)
          this.model.recordRun(id, count, executionTiming(Date.now(), durationMs));
        this.flushOutputs();
        const view = this.list.get(id);
        view?.setRunState('idle', count > 0 ? count : cell?.cell_type === 'code' ? cell.execution_count : null);
        view?.setDuration(status, status === 'interrupted' && durationMs === 0 ? null : durationMs);
      },
      liveObjects: (counts) => this.objects.show(this.kernel.connection === 'connected' ? counts : null),
      objectClasses: (owner, classes) => this.objects.classes(owner, classes),
      restarted: (reason, released) => {
        this.objects.runStopped();
        this.kernelCells.clear();
        this.objects.show(reason === 'user' ? NO_OBJECTS : null);
        showToast(
          reason === 'user'
            ? `Session restarted: ${released ?? 0} Java object${released === 1 ? '' : 's'} released.`
            : 'Session restarted: the kernel worker was terminated and its Java objects released.',
        );
      },
    };
    this.kernel = new KernelClient({ createWorker: this.deps.createWorker, url: this.deps.kernelUrl, observer });
  }

  private async refreshStatus(): Promise<void> {
    try {
      const status = await this.deps.api.status();
      this.status.setJvm(status.jvm, status.mode);
      this.jvmMode = status.mode;
    } catch {
      this.status.setJvm('unknown', this.jvmMode);
    }
  }

  private onRelayStatus(status: RelayStatus): void {
    this.jvmMode = status.mode;
    this.save.relayBack();
    // The relay answered: it is there, whatever became of its JVM.
    if (this.kernel.connection !== 'connecting') this.status.setRelay('connected', 'The relay answers.');
    this.status.setJvm(
      status.jvm,
      status.mode,
      status.jvm !== 'exited'
        ? ''
        : status.mode === 'attach'
          ? 'The gateway is gone: the session and its Java objects with it.'
          : 'The JVM has stopped: the session and its Java objects are gone. Restart it to go on.',
    );
    if (status.jvm === 'running' && this.kernel.connection === 'disconnected') {
      this.kernel.reconnect();
      showToast('Reconnected to the relay: a new session started; run the cells you need again.');
    }
  }

  private reconnect(): void {
    this.status.setRelay('connecting', 'Checking the relay…');
    this.monitor.start();
    this.monitor.pollNow();
  }

  private async restartJvm(): Promise<void> {
    this.status.setJvm('starting', this.jvmMode);
    try {
      await this.deps.api.restartJvm();
    } catch (error) {
      showToast(`Could not restart the JVM: ${(error as Error).message}`, 'error');
    }
    this.monitor.start();
  }

  private *codeCellViews(): Iterable<CellView> {
    for (const cell of this.model.cells) {
      const view = cell.cell_type === 'code' ? this.list.get(cell.id) : undefined;
      if (view) yield view;
    }
  }

  private addOutput(cellId: string, output: CellOutput): void {
    const cell = this.model.cell(cellId);
    if (cell?.cell_type !== 'code') return;
    const next = appendCapped(cell.outputs, output);
    if (next !== cell.outputs) this.model.setOutputs(cellId, next);
  }

  /** Outputs render at most once per frame, however fast a cell prints. */
  private scheduleOutputs(cellId: string): void {
    this.pendingOutputs.add(cellId);
    if (this.outputFrame) return;
    this.outputFrame = requestAnimationFrame(() => this.flushOutputs());
  }

  private flushOutputs(): void {
    if (this.outputFrame) cancelAnimationFrame(this.outputFrame);
    this.outputFrame = 0;
    for (const id of this.pendingOutputs) {
      const cell = this.model.cell(id);
      if (cell) this.list.get(id)?.renderOutputsOf(cell);
    }
    this.pendingOutputs.clear();
  }

  // ---- commands -----------------------------------------------------------

  private onKeyDown(event: KeyboardEvent): void {
    if (event.defaultPrevented || document.querySelector('.dialog-backdrop')) return;
    const target = event.target as HTMLElement | null;
    if (this.editors?.hasFocus()) return;
    if (
      target &&
      (target.closest('input, textarea, select, [contenteditable="true"]') || target.closest('.monaco-editor'))
    )
      return;
    const command = this.keys.press({
      key: event.key,
      ctrl: event.ctrlKey,
      shift: event.shiftKey,
      alt: event.altKey,
      meta: event.metaKey,
    });
    if (!command) return;
    event.preventDefault();
    this.run(command);
  }

  private run(command: ToolbarCommand): void {
    const index = this.model.indexOf(this.selectedId);
    const cell = this.model.cells[index];
    switch (command) {
      case 'edit':
        if (cell) void this.enterEdit(cell.id);
        return;
      case 'insert-above':
        this.insertAt(index, 'code');
        return;
      case 'insert-below':
      case 'add-code':
        this.insertAt(index + 1, 'code');
        return;
      case 'add-markdown':
        this.insertAt(index + 1, 'markdown', true);
        return;
      case 'delete':
        this.deleteSelected();
        return;
      case 'cut':
        if (cell) {
          this.clipboard = [structuredClone(cell)];
          this.deleteSelected();
        }
        return;
      case 'copy':
        if (cell) {
          this.clipboard = [structuredClone(cell)];
          showToast('Cell copied.');
        }
        return;
      case 'paste-below':
      case 'paste-above':
        if (this.clipboard.length > 0) {
          const copies = this.model.insertCopies(command === 'paste-below' ? index + 1 : index, this.clipboard);
          this.select(copies[copies.length - 1]!.id);
        }
        return;
      case 'to-markdown':
      case 'to-code':
        if (cell) {
          this.leaveEdit();
          this.model.changeType(cell.id, command === 'to-code' ? 'code' : 'markdown');
          this.unrendered.delete(cell.id);
        }
        return;
      case 'undo':
      case 'redo': {
        this.leaveEdit();
        const before = new Set(this.model.cells.map((c) => c.id));
        if (!(command === 'undo' ? this.model.undo() : this.model.redo())) return;
        // The cell that came back (an undone delete) is the one the user wants to see.
        const back = this.model.cells.find((c) => !before.has(c.id));
        if (back) this.select(back.id);
        else if (!this.model.cell(this.selectedId))
          this.select(this.model.cells[Math.min(index, this.model.cells.length - 1)]!.id);
        return;
      }
      case 'select-next':
      case 'select-previous':
      case 'select-first':
      case 'select-last': {
        const to = {
          'select-next': index + 1,
          'select-previous': index - 1,
          'select-first': 0,
          'select-last': this.model.cells.length - 1,
        }[command];
        const next = this.model.cells[to];
        if (next) this.select(next.id);
        return;
      }
      case 'move-up':
      case 'move-down':
        if (cell) {
          this.model.move(cell.id, command === 'move-up' ? -1 : 1);
          this.scrollIntoView(cell.id);
        }
        return;
      case 'run':
        if (cell) this.runCells([cell]);
        this.leaveEdit();
        return;
      case 'run-select-below':
      case 'run-insert-below': {
        if (!cell) return;
        this.runCells([cell]);
        this.leaveEdit();
        const next = this.model.cells[index + 1];
        if (command === 'run-select-below' && next) this.select(next.id);
        else this.insertAt(index + 1, 'code', true);
        return;
      }
      case 'run-all':
        this.runCells(this.model.cells);
        return;
      case 'run-above':
        this.runCells(this.model.cells.slice(0, Math.max(0, index)));
        return;
      case 'run-below':
        this.runCells(this.model.cells.slice(Math.max(0, index)));
        return;
      case 'interrupt':
        this.kernel.interrupt();
        return;
      case 'restart':
        void this.confirmRestart();
        return;
      case 'save':
        void this.save.saveNow();
        return;
      case 'download':
        void this.share().then((sharing) => sharing.download());
        return;
      case 'export-html':
        void this.share().then((sharing) => sharing.exportHtml());
        return;
    }
  }

  private share(): Promise<NotebookSharing> {
    this.sharing ??= import('./share/notebook-sharing.ts').then(
      ({ NotebookSharing }) =>
        new NotebookSharing({
          api: this.deps.api,
          name: this.deps.name,
          saveFirst: async () => {
            if (this.save.hasUnsaved) await this.save.saveNow();
            return !this.save.hasUnsaved;
          },
        }),
    );
    return this.sharing;
  }

  private runCells(cells: readonly NotebookCell[]): void {
    const items = [];
    for (const cell of cells) {
      if (cell.cell_type === 'markdown') {
        this.unrendered.delete(cell.id);
        this.showMode(cell.id);
      } else if (cell.cell_type === 'code') {
        items.push({ cellId: cell.id, source: cell.source, label: `cell ${this.model.indexOf(cell.id) + 1}` });
        this.kernelCells.add(cell.id);
      }
    }
    if (items.length > 0) this.kernel.run(items);
  }

  private async confirmRestart(): Promise<void> {
    const { value } = await showDialog(
      'Restart the session?',
      'Every variable is lost and every Java object of this session is released on the JVM.',
      [
        { label: 'Restart', value: true, testId: 'confirm-restart', primary: true },
        { label: 'Cancel', value: false, testId: 'cancel-restart' },
      ],
    );
    if (value) this.kernel.restart();
    this.focusSelected();
  }

  private async askConflict(): Promise<'overwrite' | 'reload' | 'later'> {
    const { value } = await showDialog(
      'The file changed on disk',
      `${this.deps.name} was saved from somewhere else (another tab or tool) after you opened it. Overwrite it with your version, or reload the file and lose your changes?`,
      [
        { label: 'Overwrite with mine', value: 'overwrite' as const, testId: 'conflict-overwrite', primary: true },
        { label: 'Reload theirs', value: 'reload' as const, testId: 'conflict-reload' },
        { label: 'Decide later', value: 'later' as const, testId: 'conflict-later' },
      ],
    );
    this.focusSelected();
    return value;
  }

  private insertAt(index: number, type: 'code' | 'markdown', edit = false): void {
    this.leaveEdit();
    const cell = this.model.insert(index, type);
    this.select(cell.id);
    if (edit) void this.enterEdit(cell.id);
  }

  private deleteSelected(): void {
    const index = this.model.indexOf(this.selectedId);
    const cell = this.model.cells[index];
    if (!cell) return;
    this.leaveEdit();
    this.model.remove([cell.id]);
    if (this.model.cells.length === 0) this.model.insert(0, 'code');
    this.select(this.model.cells[Math.min(index, this.model.cells.length - 1)]!.id);
  }

  // ---- selection, edit mode, editor ------------------------------------------

  private select(cellId: string, scroll = true): void {
    if (this.selectedId !== cellId) {
      this.list.get(this.selectedId)?.setSelected(false);
      this.selectedId = cellId;
    }
    const view = this.list.get(cellId);
    view?.setSelected(true);
    const cell = this.model.cell(cellId);
    if (cell) this.toolbar.setCellType(cell.cell_type);
    if (this.mode === 'command') this.focusSelected();
    if (scroll) this.scrollIntoView(cellId);
  }

  private focusSelected(): void {
    if (this.mode === 'edit') {
      this.editors?.focus();
      return;
    }
    this.list.get(this.selectedId)?.root.focus({ preventScroll: true });
  }

  private scrollIntoView(cellId: string): void {
    this.list.get(cellId)?.root.scrollIntoView({ block: 'nearest' });
  }

  private async enterEdit(cellId: string, at?: number): Promise<void> {
    this.select(cellId, at === undefined);
    this.mode = 'edit';
    const cell = this.model.cell(cellId);
    if (cell?.cell_type === 'markdown') this.unrendered.add(cellId);
    this.showMode(cellId);
    const editors = await this.loadEditor();
    if (!editors || this.selectedId !== cellId || this.mode !== 'edit') return;
    const current = this.model.cell(cellId);
    const view = this.list.get(cellId);
    if (!current || !view) return;
    editors.ensureModel(cellId, current.source, current.cell_type === 'code' ? 'typescript' : 'markdown');
    const previous = editors.liveCell;
    editors.attach(cellId, view.input, at);
    if (previous && previous !== cellId) this.showMode(previous);
    view.setEditing(true);
    this.list.root.dataset.mode = 'edit';
  }

  /** Back to command mode; the live editor stays where it is until another cell is edited. */
  private leaveEdit(): void {
    if (this.mode !== 'edit') return;
    this.mode = 'command';
    this.list.root.dataset.mode = 'command';
    this.showMode(this.selectedId);
    this.focusSelected();
  }

  /** Shows a cell's input as editor or static code, and Markdown rendered or as source. */
  private showMode(cellId: string): void {
    const view = this.list.get(cellId);
    const cell = this.model.cell(cellId);
    if (!view || !cell) return;
    const live = this.editors?.liveCell === cellId;
    if (cell.cell_type === 'markdown') {
      const rendered = !this.unrendered.has(cellId);
      view.root.classList.toggle('rendered', rendered);
      if (rendered && live) this.editors!.detach();
    }
    view.setEditing(this.editors?.liveCell === cellId);
    if (!view.root.classList.contains('editing')) void this.colorize(cellId);
  }

  /** The cells' editors once Monaco is loaded; null if the page left the notebook meanwhile. */
  private loadEditor(): Promise<CellEditors | null> {
    return loadMonaco().then((monaco) => {
      if (this.disposed) return null;
      if (!this.editors) {
        this.editors = new CellEditors(monaco, {
          onCommand: (command) => {
            if (command === 'escape') this.leaveEdit();
            else this.run(command);
          },
          onSourceChange: (cellId, source) => this.model.setSource(cellId, source),
          onBlur: () => {
            if (this.mode === 'edit') {
              this.mode = 'command';
              this.list.root.dataset.mode = 'command';
            }
          },
          onFocus: (cellId) => {
            this.mode = 'edit';
            this.list.root.dataset.mode = 'edit';
            if (this.selectedId !== cellId) this.select(cellId, false);
          },
        });
        for (const cell of this.model.cells) this.ensureModel(cell);
        for (const cell of this.model.cells) void this.colorize(cell.id);
        this.list.root.dataset.editorReady = 'true';
      }
      return this.editors;
    });
  }

  private ensureModel(cell: NotebookCell): void {
    if (cell.cell_type === 'raw') return;
    this.editors?.ensureModel(cell.id, cell.source, cell.cell_type === 'code' ? 'typescript' : 'markdown');
  }

  private async colorize(cellId: string): Promise<void> {
    const editors = this.editors;
    const view = this.list.get(cellId);
    const cell = this.model.cell(cellId);
    if (!editors || !view || !cell || cell.cell_type !== 'code' || editors.liveCell === cellId) return;
    if (!this.list.isVisible(cellId) || !view.needsColor()) return;
    const source = cell.source;
    view.setColorized(source, await editors.colorize(source, 'typescript'));
  }

  private onStructure(): void {
    // Whichever way a code cell went (deleted, cut, turned into Markdown, its insertion
    // undone), its Java objects are released and it leaves the run queue.
    for (const id of this.kernelCells) {
      if (this.model.cell(id)?.cell_type === 'code') continue;
      this.kernelCells.delete(id);
      this.kernel.releaseCell(id);
    }
    // A cell that left the notebook takes its editor model with it; an undo brings the
    // cell back and ensureModel below creates its model again from its source.
    this.editors?.retainModels(new Set(this.model.cells.map((c) => c.id)));
    this.list.sync(this.model.cells);
    this.objects.showCells();
    for (const cell of this.model.cells) {
      this.ensureModel(cell);
      this.showMode(cell.id);
    }
    const selected = this.model.cell(this.selectedId);
    if (selected) this.select(selected.id);
  }

  private onSource(cellId: string): void {
    const cell = this.model.cell(cellId);
    if (!cell) return;
    this.list.refresh(cell);
    if (this.editors?.liveCell !== cellId) {
      this.ensureModel(cell);
      void this.colorize(cellId);
    }
  }
}

function loadingMessage(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'page-message';
  p.dataset.testid = 'loading';
  p.textContent = text;
  return p;
}

function errorMessage(title: string, error: unknown): HTMLElement {
  const div = document.createElement('div');
  div.className = 'page-message page-error';
  div.dataset.testid = 'page-error';
  const h = document.createElement('h2');
  h.textContent = title;
  const p = document.createElement('p');
  p.textContent = error instanceof Error ? error.message : String(error);
  const back = document.createElement('a');
  back.href = '#/';
  back.textContent = '← Back to the notebooks';
  div.append(h, p, back);
  return div;
}
