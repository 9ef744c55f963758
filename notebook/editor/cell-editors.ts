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

type Model = MonacoApi.editor.ITextModel;
type Editor = MonacoApi.editor.IStandaloneCodeEditor;

export type CellLanguage = 'typescript' | 'markdown';

export interface EditorKeys {
  /** Shift+Enter, Ctrl+Enter, Alt+Enter, Ctrl+S, Escape: the page's own keys while editing. */
  onCommand(command: 'run-select-below' | 'run' | 'run-insert-below' | 'save' | 'escape'): void;
  onSourceChange(cellId: string, source: string): void;
  onBlur(cellId: string): void;
  onFocus(cellId: string): void;
}

export const EDITOR_FONT = { fontSize: 13, lineHeight: 19, paddingTop: 6, paddingBottom: 6 };

export class CellEditors {
  private readonly models = new Map<string, Model>();
  private editor: Editor | null = null;
  private readonly editorHost: HTMLElement;
  private liveCellId: string | null = null;
  private readonly viewStates = new Map<string, MonacoApi.editor.ICodeEditorViewState | null>();
  private suppressChange = false;

  constructor(
    private readonly monaco: Monaco,
    private readonly keys: EditorKeys,
  ) {
    this.editorHost = document.createElement('div');
    this.editorHost.className = 'live-editor';
    this.editorHost.dataset.testid = 'live-editor';
  }

  get liveCell(): string | null {
    return this.liveCellId;
  }

  /** Creates or updates the model of a cell. */
  ensureModel(cellId: string, source: string, language: CellLanguage): Model {
    let model = this.models.get(cellId);
    if (!model) {
      const uri = this.monaco.Uri.parse(`file:///cells/${cellId}.${language === 'typescript' ? 'ts' : 'md'}`);
      model = this.monaco.editor.createModel(source, language, uri);
      model.onDidChangeContent(() => {
        if (!this.suppressChange) this.keys.onSourceChange(cellId, model!.getValue());
      });
      this.models.set(cellId, model);
      return model;
    }
    if (model.getLanguageId() !== language) this.monaco.editor.setModelLanguage(model, language);
    if (model.getValue() !== source) {
      this.suppressChange = true;
      try {
        model.setValue(source);
      } finally {
        this.suppressChange = false;
      }
    }
    return model;
  }

  disposeModel(cellId: string): void {
    if (this.liveCellId === cellId) this.detach();
    this.models.get(cellId)?.dispose();
    this.models.delete(cellId);
    this.viewStates.delete(cellId);
  }

  /** Colourised HTML of a cell's code, for the static view. */
  colorize(source: string, language: CellLanguage): Promise<string> {
    return this.monaco.editor.colorize(source, language, { tabSize: 2 });
  }

  /**
   * Moves the live editor into `host` for a cell and focuses it. With `at`, the
   * cursor goes where the user clicked in the static code; else to the end.
   */
  attach(cellId: string, host: HTMLElement, at?: { x: number; y: number }): void {
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
    if (at) {
      const target = editor.getTargetAtClientPoint(at.x, at.y);
      if (target?.position) editor.setPosition(target.position);
    } else if (!this.viewStates.get(cellId)) {
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
    this.editor.layout({ width: this.editorHost.parentElement?.clientWidth ?? this.editorHost.clientWidth, height });
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
    });
    editor.onDidContentSizeChange(() => this.layout());
    editor.onDidBlurEditorText(() => {
      if (this.liveCellId) this.keys.onBlur(this.liveCellId);
    });
    editor.onDidFocusEditorText(() => {
      if (this.liveCellId) this.keys.onFocus(this.liveCellId);
    });
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
    // Escape leaves edit mode unless it is closing one of the editor's own widgets.
    action(
      'notebook.command-mode',
      KeyCode.Escape,
      'escape',
      '!suggestWidgetVisible && !findWidgetVisible && !parameterHintsVisible && !renameInputVisible && !markersNavigationVisible',
    );
    this.editor = editor;
    return editor;
  }

  /** Sends every cell model to the TypeScript worker, so the edited cell knows the others' declarations. */
  private async syncAllModels(): Promise<void> {
    const uris = [...this.models.values()].filter((m) => m.getLanguageId() === 'typescript').map((m) => m.uri);
    try {
      const getWorker = await this.monaco.typescript.getTypeScriptWorker();
      await getWorker(...uris);
    } catch {
      // The language service is a convenience: if its worker fails, editing still works.
    }
  }
}
