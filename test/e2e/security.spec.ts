import { test as base, expect, writeNotebook } from './support/fixtures.ts';
import { NotebookPage } from './pages/notebook-page.ts';
import { NotebookListPage } from './pages/notebook-list-page.ts';
import { ForeignSite } from './support/foreign-site.ts';
import { RelayProcess } from './support/relay-process.ts';

// A page on another port of the same host, and a relay of the test's own: an attack that
// worked would end or restart that relay, not the one the other tests share.
const test = base.extend<{ own: RelayProcess; site: ForeignSite }>({
  own: async ({}, use) => {
    const relay = new RelayProcess();
    await relay.start();
    await use(relay);
    await relay.stop();
    relay.removeDir();
  },
  site: async ({}, use) => {
    const site = new ForeignSite();
    await site.start();
    await use(site);
    await site.close();
  },
});

function jvmAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The relay still answers, its first JVM still runs, and a cell in a fresh notebook still calls Java. */
async function expectUntouched(notebook: NotebookPage, relay: RelayProcess, pid: number): Promise<void> {
  const health = await fetch(`${relay.origin}/health`, { headers: { authorization: `Bearer ${relay.token}` } });
  expect(health.status).toBe(200);
  expect(jvmAlive(pid)).toBe(true);
  await notebook.create([{ source: 'await jvm.java.lang.Math.max(6, 7)' }]);
  expect(await notebook.cell(0).runAndWait()).toBe('7');
}

test('an image on another site that points at an unparsable relay path does not end the relay', async ({
  page,
  own,
  site,
}) => {
  const pid = own.jvmPid;
  const url = site.page(
    '/img.html',
    `<img src="${own.origin}/.//%zz" onerror="document.title = 'answered'" onload="document.title = 'answered'">`,
  );
  // The browser's opaque-response blocking hides the status of a text answer to an <img>: the
  // page only learns that the image failed, once the relay answered or the connection dropped.
  const sent = page.waitForRequest(`${own.origin}//%zz`);
  await page.goto(url);
  await sent;
  await expect(page).toHaveTitle('answered');
  await expectUntouched(new NotebookPage(page, own), own, pid);
});

test('a Markdown image with an unparsable path in a notebook does not end the relay', async ({ page, own }) => {
  const pid = own.jvmPid;
  const notebook = new NotebookPage(page, own);
  const answered = page.waitForResponse((response) => response.url() === `${own.origin}//%zz`);
  const name = writeNotebook(own, [{ type: 'markdown', source: '![x](/.//%zz)' }]);
  await notebook.open(name);
  await expect(notebook.cell(0).renderedMarkdown.locator('img')).toBeAttached();
  expect((await answered).status()).toBe(400);
  await expectUntouched(notebook, own, pid);
});

test('a no-cors fetch and an auto-submitted text/plain form from another port do not restart the JVM', async ({
  context,
  own,
  site,
}) => {
  const pid = own.jvmPid;
  const restart = `${own.origin}/api/jvm/restart`;
  const tab = new NotebookPage(await context.newPage(), own);
  // The user has the notebook open, so the browser holds the relay's cookie.
  await tab.open(writeNotebook(own, [{ source: '' }]));

  const attacker = await context.newPage();
  const isRestart = (response: { url(): string; request(): { method(): string } }) =>
    response.url() === restart && response.request().method() === 'POST';
  let answered = attacker.waitForResponse(isRestart);
  await attacker.goto(
    site.page(
      '/fetch.html',
      `<script>fetch(${JSON.stringify(restart)}, { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{}' });</script>`,
    ),
  );
  expect((await answered).status()).toBe(403);

  answered = attacker.waitForResponse(isRestart);
  await attacker.goto(
    site.page(
      '/form.html',
      `<form method="POST" enctype="text/plain" action="${restart}"><input name='{"a":"' value='"}'></form>` +
        '<script>document.forms[0].submit();</script>',
    ),
  );
  expect((await answered).status()).toBe(403);

  expect(jvmAlive(pid)).toBe(true);
  await expect(tab.page.getByTestId('status-jvm')).toHaveAttribute('data-state', 'running');
  await expectUntouched(tab, own, pid);
});

test('two relays on one host are both usable from one browser', async ({ context, relay, own }) => {
  const relays = [relay, own];
  const names = relays.map((r) => writeNotebook(r, [{ source: 'await jvm.java.lang.Math.max(6, 7)' }]));
  const lists = await Promise.all(relays.map(async (r) => new NotebookListPage(await context.newPage(), r)));
  // Both start URLs first: each sets its relay's cookie, and neither may replace the other's.
  for (const list of lists) await list.open();
  for (const [index, list] of lists.entries()) {
    // Without the token in the URL: the page, its API calls and its WebSocket go on the cookie alone.
    const notebook = new NotebookPage(list.page, list.relay);
    await list.page.goto(`${list.relay.origin}/#/nb/${encodeURIComponent(names[index]!)}`);
    await notebook.waitReady(names[index]);
    expect(await notebook.cell(0).runAndWait()).toBe('7');
  }
});

test('a token cookie planted for /api by a page on another port does not lock the notebook out', async ({
  page,
  relay,
  site,
}) => {
  const name = writeNotebook(relay, [{ source: 'await jvm.java.lang.Math.max(6, 7)' }]);
  const list = new NotebookListPage(page, relay);
  await list.open();
  // Cookies ignore ports: this page may set cookies for the relay's host, and the longer Path wins the first place.
  const planted = [`jvmnb_token_${relay.port}`, 'jvmnb_token'].map(
    (cookie) => `document.cookie = ${JSON.stringify(`${cookie}=planted; Path=/api`)};`,
  );
  await page.goto(site.page('/plant.html', `<script>${planted.join('')} document.title = 'planted';</script>`));
  await expect(page).toHaveTitle('planted');
  expect(
    (await page.context().cookies(`${relay.origin}/api/notebooks`)).filter((c) => c.value === 'planted'),
  ).toHaveLength(2);

  const notebook = new NotebookPage(page, relay);
  await page.goto(`${relay.origin}/#/nb/${encodeURIComponent(name)}`);
  await notebook.waitReady(name);
  expect(await notebook.cell(0).runAndWait()).toBe('7');
});

test('HTML output cannot lay a box over the page, and keeps its harmless styles', async ({ notebook }) => {
  const overlay =
    `<div data-testid="overlay" style="font-family: 'a;b'; position:fixed; inset:0; z-index:99999; background:red; width:100vw; margin-top:-500px">x</div>` +
    '<span data-testid="green" style="color: rgb(0, 128, 0); font-weight: bold">green</span>';
  await notebook.create([{ source: `display.html(${JSON.stringify(overlay)})` }]);
  await notebook.cell(0).runAndWait();
  const box = notebook.cell(0).outputs.getByTestId('overlay');
  await expect(box).toHaveCSS('position', 'static');
  await expect(box).toHaveCSS('background-color', 'rgb(255, 0, 0)');
  await expect(box).toHaveCSS('margin-top', '0px');
  const green = notebook.cell(0).outputs.getByTestId('green');
  await expect(green).toHaveCSS('color', 'rgb(0, 128, 0)');
  await expect(green).toHaveCSS('font-weight', '700');
  await notebook.button('add-code');
  await expect(notebook.cells).toHaveCount(2);
});
