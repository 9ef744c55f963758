import { describe, expect, it } from 'vitest';
import { CellModels } from '../../../notebook/editor/cell-models.ts';
import type { Monaco } from '../../../notebook/editor/monaco.ts';

/** Monaco's model registry as far as CellModels uses it: one model per URI, a second one refused. */
function fakeMonaco() {
  const registry = new Map<string, FakeModel>();
  class FakeModel {
    private readonly listeners: (() => void)[] = [];
    constructor(
      readonly uri: { toString(): string },
      private value: string,
      private language: string,
    ) {}
    getValue() {
      return this.value;
    }
    setValue(value: string) {
      this.value = value;
      for (const listener of this.listeners) listener();
    }
    getLanguageId() {
      return this.language;
    }
    setLanguage(language: string) {
      this.language = language;
    }
    onDidChangeContent(listener: () => void) {
      this.listeners.push(listener);
    }
    dispose() {
      registry.delete(this.uri.toString());
    }
  }
  const monaco = {
    Uri: { parse: (text: string) => ({ toString: () => text }) },
    editor: {
      createModel: (value: string, language: string, uri: { toString(): string }) => {
        if (registry.has(uri.toString())) throw new Error('ModelService: Cannot add model because it already exists!');
        const model = new FakeModel(uri, value, language);
        registry.set(uri.toString(), model);
        return model;
      },
      setModelLanguage: (model: FakeModel, language: string) => model.setLanguage(language),
    },
  };
  return { monaco: monaco as unknown as Monaco, registry };
}

describe('CellModels', () => {
  it('lets the same notebook be opened again once the first page disposed its models', () => {
    const { monaco, registry } = fakeMonaco();
    const first = new CellModels(monaco, () => {});
    first.ensure('a', 'const a = 1', 'typescript');
    first.disposeAll();
    expect(registry.size).toBe(0);
    const again = new CellModels(monaco, () => {});
    expect(again.ensure('a', 'const a = 1', 'typescript').getValue()).toBe('const a = 1');
  });

  it('disposes the models of cells that left the notebook and creates them again from the source', () => {
    const { monaco, registry } = fakeMonaco();
    const models = new CellModels(monaco, () => {});
    models.ensure('a', 'one', 'typescript');
    models.ensure('b', 'two', 'typescript');
    expect(models.retain(new Set(['a']))).toEqual(['b']);
    expect([...registry.keys()]).toEqual(['file:///cells/a.ts']);
    expect(models.ensure('b', 'two', 'typescript').getValue()).toBe('two');
  });

  it('reports edits, but not the sources the page writes into a model', () => {
    const { monaco } = fakeMonaco();
    const changes: [string, string][] = [];
    const models = new CellModels(monaco, (id, source) => changes.push([id, source]));
    const model = models.ensure('a', 'one', 'typescript');
    models.ensure('a', 'written by the page', 'typescript');
    model.setValue('typed');
    expect(changes).toEqual([['a', 'typed']]);
  });

  it('lists the TypeScript models for the language service', () => {
    const { monaco } = fakeMonaco();
    const models = new CellModels(monaco, () => {});
    models.ensure('a', 'code', 'typescript');
    models.ensure('b', '# notes', 'markdown');
    expect(models.typescriptUris().map(String)).toEqual(['file:///cells/a.ts']);
  });
});
