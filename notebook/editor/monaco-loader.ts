/**
 * Loads Monaco once, on demand, and configures its TypeScript service for cells:
 * the cell API's globals as an extra lib, no DOM library (cells run in a worker),
 * and the diagnostics that are false in a notebook turned off.
 */
import type { Monaco } from './monaco.ts';
import { CELL_API_DTS, IGNORED_DIAGNOSTICS } from './cell-api-types.ts';

let loading: Promise<Monaco> | null = null;

export function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco.ts').then(({ monaco }) => {
    configure(monaco);
    return monaco;
  });
  return loading;
}

function configure(monaco: Monaco): void {
  const ts = monaco.typescript;
  const defaults = ts.typescriptDefaults;
  defaults.setCompilerOptions({
    // The language level the kernel runs: ESNext with its library (which includes
    // `using`/`await using` and Symbol.asyncDispose), and a module setting under
    // which top-level `await using` is allowed (TS 2854 otherwise).
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    lib: ['esnext'],
    strict: true,
    noEmit: true,
    allowNonTsExtensions: true,
  });
  defaults.setDiagnosticsOptions({
    noSemanticValidation: false,
    noSyntaxValidation: false,
    // Only the live editor's cell is validated: a 200-cell notebook does not ask for 200 checks.
    onlyVisible: true,
    diagnosticCodesToIgnore: IGNORED_DIAGNOSTICS,
  });
  // Every cell model is sent to the TypeScript worker when it starts, so a cell knows the others' declarations.
  defaults.setEagerModelSync(true);
  defaults.addExtraLib(CELL_API_DTS, 'file:///jvm-notebook/cell-api.d.ts');
}
