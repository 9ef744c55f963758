/**
 * Monaco for cells: one model per cell, and one live editor that moves to the
 * cell being edited. Every other cell shows colourised static code, so a
 * 200-cell notebook opens with no editor to mount and scrolls like a page.
 *
 * Cell models are scripts (no import/export) in one TypeScript program, so every
 * cell sees the declarations of the others; see cell-api-types.ts for the
 * diagnostics turned off because of that.
 */
import type { Monaco } from './monaco.ts';
import type * as MonacoApi from 'monaco-editor';
import { CellModels, type CellLanguage } from './cell-models.ts';

export type { CellLanguage } from './cell-models.ts';
type Editor = MonacoApi.editor.IStandaloneCodeEditor;

export interface EditorKeys {
  /** Shift+Enter, Ctrl+Enter, Alt+Enter, Ctrl+S, Escape: the page's own keys while editing. */
  onCommand(command: 'run-select-below' | 'run' | 'run-insert-below' | 'save' | 'escape'): void;
  onSourceChange(cellId: string, source: string): void;
  onBlur(cellId: string): void;
  onFocus(cellId: string): void;
}

export const EDITOR_FONT = { fontSize: 13, lineHeight: 19, paddingTop: 6, paddingBottom: 6 };

export class CellEditors {
  private readonly models: CellModels;
  private editor: Editor | null = null;
  private readonly editorHost: HTMLElement;
  private liveCellId: string | null = null;
  private readonly viewStates = new Map<string, MonacoApi.editor.ICodeEditorViewState | null>();
  /** The command palette is open: Monaco sizes it from the editor, so the editor is laid out taller meanwhile. */
  private paletteOpen = false;

  constructor(
    private readonly monaco: Monaco,
    private readonly keys: EditorKeys,
  ) {
    this.models = new CellModels(monaco, (cellId, source) => keys.onSourceChange(cellId, source));
    this.editorHost = document.createElement('div');
    this.editorHost.className = 'live-editor';
    this.editorHost.dataset.testid = 'live-editor';
  }

  get liveCell(): string | null {
    return this.liveCellId;
  }

  /** Creates or updates the model of a cell. */
  ensureModel(cellId: string, source: string, language: CellLanguage): void {
    this.models.ensure(cellId, source, language);
  }

  /** Disposes the models (and the live editor's place) of cells that left the notebook. */
  retainModels(cellIds: ReadonlySet<string>): void {
    if (this.liveCellId !== null && !cellIds.has(this.liveCellId)) this.detach();
    for (const id of this.models.retain(cellIds)) this.viewStates.delete(id);
  }

  /** The page leaves the notebook: the editor and every model go, so the notebook can be opened again. */
  dispose(): void {
    this.detach();
    this.editor?.dispose();
    this.editor = null;
    this.models.disposeAll();
    this.viewStates.clear();
  }

  /** Colourised HTML of a cell's code, for the static view. */
  colorize(source: string, language: CellLanguage): Promise<string> {
    return this.monaco.editor.colorize(source, language, { tabSize: 2 });
  }

  /**
   * Moves the live editor into `host` for a cell and focuses it. With `at` (an offset
   * in the cell's source: where the user clicked in the static code), the cursor goes
   * there; else where it was when the cell was last edited, or to the end.
   */
  attach(cellId: string, host: HTMLElement, at?: number): void {
    const model = this.models.get(cellId);
    if (!model) throw new Error(`No editor model for cell ${cellId}`);
    if (this.liveCellId !== cellId) {
      this.detach();
      const editor = this.ensureEditor();
      host.append(this.editorHost);
      editor.setModel(model);
      const state = this.viewStates.get(cellId);
      if (state) editor.restoreViewState(state);
      this.liveCellId = cellId;
      this.layout();
    }
    const editor = this.editor!;
    editor.focus();
    if (at !== undefined) editor.setPosition(model.getPositionAt(at));
    else if (!this.viewStates.get(cellId)) {
      const last = model.getLineCount();
      editor.setPosition({ lineNumber: last, column: model.getLineMaxColumn(last) });
    }
    void this.syncAllModels();
  }

  /** Takes the live editor out of its cell (the cell shows static code again). */
  detach(): void {
    if (!this.editor || this.liveCellId === null) return;
    this.viewStates.set(this.liveCellId, this.editor.saveViewState());
    this.editor.setModel(null);
    this.editorHost.remove();
    this.liveCellId = null;
  }

  focus(): void {
    this.editor?.focus();
  }

  hasFocus(): boolean {
    return this.editor?.hasTextFocus() ?? false;
  }

  layout(): void {
    if (!this.editor || this.liveCellId === null) return;
    const height = Math.max(
      this.editor.getContentHeight(),
      EDITOR_FONT.lineHeight + EDITOR_FONT.paddingTop + EDITOR_FONT.paddingBottom,
    );
    this.editorHost.style.height = `${height}px`;
    // Monaco gives the palette's list 40% of the editor's height: while it is open the
    // editor reaches the bottom of the window, overflowing its cell with a transparent
    // background (styles.css), so the palette overlays the page and the cell keeps its size.
    const laidOut = this.paletteOpen
      ? Math.max(height, window.innerHeight - this.editorHost.getBoundingClientRect().top)
      : height;
    this.editor.layout({
      width: this.editorHost.parentElement?.clientWidth ?? this.editorHost.clientWidth,
      height: laidOut,
    });
  }

  private setPaletteOpen(open: boolean): void {
    if (this.paletteOpen === open) return;
    this.paletteOpen = open;
    this.layout();
  }

  private ensureEditor(): Editor {
    if (this.editor) return this.editor;
    const monaco = this.monaco;
    const editor = monaco.editor.create(this.editorHost, {
      model: null,
      language: 'typescript',
      fontSize: EDITOR_FONT.fontSize,
      lineHeight: EDITOR_FONT.lineHeight,
      padding: { top: EDITOR_FONT.paddingTop, bottom: EDITOR_FONT.paddingBottom },
      lineNumbers: 'off',
      glyphMargin: false,
      folding: false,
      lineDecorationsWidth: 8,
      lineNumbersMinChars: 0,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      renderLineHighlight: 'none',
      wordWrap: 'on',
      tabSize: 2,
      automaticLayout: false,
      fixedOverflowWidgets: true,
      scrollbar: { vertical: 'hidden', horizontal: 'hidden', alwaysConsumeMouseWheel: false, handleMouseWheel: false },
      stickyScroll: { enabled: false },
      // The editor is as tall as its cell's code: room made above the first line for the
      // find widget would grow the cell by a blank band; the widget overlays the code instead.
      find: { addExtraSpaceOnTop: false },
    });
    editor.onDidContentSizeChange(() => this.layout());
    editor.onDidBlurEditorText(() => {
      if (this.liveCellId) this.keys.onBlur(this.liveCellId);
    });
    editor.onDidFocusEditorText(() => {
      // Back in the text: the palette (if it was open) has closed.
      this.setPaletteOpen(false);
      if (this.liveCellId) this.keys.onFocus(this.liveCellId);
    });
    editor.onDidBlurEditorWidget(() => this.setPaletteOpen(false));
    const { KeyCode, KeyMod } = monaco;
    const action = (id: string, keybinding: number, command: Parameters<EditorKeys['onCommand']>[0], when?: string) =>
      editor.addAction({
        id,
        label: id,
        keybindings: [keybinding],
        ...(when ? { keybindingContext: when } : {}),
        run: () => this.keys.onCommand(command),
      });
    action('notebook.run-select-below', KeyMod.Shift | KeyCode.Enter, 'run-select-below');
    action('notebook.run', KeyMod.CtrlCmd | KeyCode.Enter, 'run');
    action('notebook.run-insert-below', KeyMod.Alt | KeyCode.Enter, 'run-insert-below');
    action('notebook.save', KeyMod.CtrlCmd | KeyCode.KeyS, 'save');
    // A command, not an action: it does not show up as a second "Command Palette" in the palette.
    editor.addCommand(KeyCode.F1, () => {
      this.setPaletteOpen(true);
      editor.trigger('notebook', 'editor.action.quickCommand', null);
    });
    // Escape leaves edit mode unless it is closing one of the editor's own widgets.
    action(
      'notebook.command-mode',
      KeyCode.Escape,
      'escape',
      '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible && !markersNavigationVisible && !inQuickInput',
    );
    this.editor = editor;
    return editor;
  }

  /** Sends every cell model to the TypeScript worker, so the edited cell knows the others' declarations. */
  private async syncAllModels(): Promise<void> {
    const uris = this.models.typescriptUris();
    try {
      const getWorker = await this.monaco.typescript.getTypeScriptWorker();
      await getWorker(...uris);
    } catch {
      // The language service is a convenience: if its worker fails, editing still works.
    }
  }
}
