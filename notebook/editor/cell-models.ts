/**
 * The Monaco models of one open notebook, one per cell. Monaco keeps models in a
 * registry global to the page, keyed by URI, and refuses a second model with the
 * same URI: a model must therefore live exactly as long as its cell in the open
 * notebook. It is created with the cell, disposed when the cell leaves the notebook
 * (undo creates it again from the cell's source), and every model is disposed when
 * the page leaves the notebook, so opening it again in the same tab starts clean.
 */
import type { Monaco } from './monaco.ts';
import type * as MonacoApi from 'monaco-editor';

type Model = MonacoApi.editor.ITextModel;

export type CellLanguage = 'typescript' | 'markdown';

export class CellModels {
  private readonly models = new Map<string, Model>();
  /** True while the page writes a source into a model, so the change is not reported back as an edit. */
  private writing = false;

  constructor(
    private readonly monaco: Monaco,
    private readonly onSourceChange: (cellId: string, source: string) => void,
  ) {}

  get(cellId: string): Model | undefined {
    return this.models.get(cellId);
  }

  /** The TypeScript models, for the language service to know every cell's declarations. */
  typescriptUris(): MonacoApi.Uri[] {
    return [...this.models.values()].filter((m) => m.getLanguageId() === 'typescript').map((m) => m.uri);
  }

  /** Creates the model of a cell, or brings an existing one to the cell's source and language. */
  ensure(cellId: string, source: string, language: CellLanguage): Model {
    const existing = this.models.get(cellId);
    if (!existing) return this.create(cellId, source, language);
    if (existing.getLanguageId() !== language) this.monaco.editor.setModelLanguage(existing, language);
    if (existing.getValue() !== source) {
      this.writing = true;
      try {
        existing.setValue(source);
      } finally {
        this.writing = false;
      }
    }
    return existing;
  }

  /** Disposes the models of cells that are no longer in the notebook. */
  retain(cellIds: ReadonlySet<string>): string[] {
    const gone = [...this.models.keys()].filter((id) => !cellIds.has(id));
    for (const id of gone) this.dispose(id);
    return gone;
  }

  dispose(cellId: string): void {
    this.models.get(cellId)?.dispose();
    this.models.delete(cellId);
  }

  disposeAll(): void {
    for (const model of this.models.values()) model.dispose();
    this.models.clear();
  }

  private create(cellId: string, source: string, language: CellLanguage): Model {
    const uri = this.monaco.Uri.parse(`file:///cells/${cellId}.${language === 'typescript' ? 'ts' : 'md'}`);
    const model = this.monaco.editor.createModel(source, language, uri);
    model.onDidChangeContent(() => {
      if (!this.writing) this.onSourceChange(cellId, model.getValue());
    });
    this.models.set(cellId, model);
    return model;
  }
}
