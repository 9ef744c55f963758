/**
 * The notebook page's composition root: routes between the notebook list and an
 * open notebook, and creates the kernel worker.
 */
import { NotebookApi } from './api/notebook-api.ts';
import { ListPage } from './list-page.ts';
import { NotebookPage } from './notebook-page.ts';
import { parseRoute } from './routes.ts';

const root = document.getElementById('app')!;
const api = new NotebookApi((input, init) => fetch(input, init));
const kernelUrl = `${location.origin.replace(/^http/, 'ws')}/ws`;
let current: { dispose(): void } | null = null;

// The start URL carries the token (`/?token=…`); the relay has turned it into a cookie,
// so drop it from the address bar rather than leave it in history and screenshots.
if (new URLSearchParams(location.search).has('token'))
  history.replaceState(null, '', `${location.pathname}${location.hash}`);

function show(): void {
  current?.dispose();
  current = null;
  const route = parseRoute(location.hash);
  if (route.page === 'notebook') {
    const page = new NotebookPage({
      api,
      name: route.name,
      root,
      kernelUrl,
      storage: localStorage,
      createWorker: () =>
        new Worker(new URL('../cells/worker-main.ts', import.meta.url), { type: 'module', name: 'kernel' }),
    });
    current = page;
    void page.open();
  } else {
    void new ListPage(api, root).open();
  }
}

window.addEventListener('hashchange', show);
show();
