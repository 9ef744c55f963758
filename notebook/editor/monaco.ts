/**
 * The parts of Monaco the notebook uses: the core editor, TypeScript (tokens and
 * language service) and Markdown. Imported only through `loadMonaco()`, so Monaco
 * stays out of the page's first bundle.
 */
import type * as MonacoApi from 'monaco-editor';
import * as core from 'monaco-editor/esm/vs/editor/edcore.main.js';
import * as typescriptService from 'monaco-editor/esm/vs/language/typescript/monaco.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/typescript/typescript.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/markdown/markdown.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import TypeScriptWorker from 'monaco-editor/esm/vs/language/typescript/ts.worker.js?worker';

// Monaco asks for a worker by label: the TypeScript language service for TypeScript
// models, the generic editor worker (diffs, links, word ranges) for everything else.
(self as unknown as { MonacoEnvironment: { getWorker(id: string, label: string): Worker } }).MonacoEnvironment = {
  getWorker: (_id, label) =>
    label === 'typescript' || label === 'javascript' ? new TypeScriptWorker() : new EditorWorker(),
};

export type Monaco = typeof MonacoApi;

export const monaco = {
  ...(core as unknown as Monaco),
  typescript: typescriptService as unknown as Monaco['typescript'],
} as Monaco;
