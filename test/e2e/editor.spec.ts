import { test, expect } from './support/fixtures.ts';

test('diagnostics know the cell API and earlier cells, with no false "cannot redeclare"', async ({
  notebook,
  page,
}) => {
  await notebook.create([{ source: 'const shared = 41' }, { source: '' }]);
  const cell = notebook.cell(1);
  // Redeclares `shared` (as a re-run or a later cell does), awaits at the top level, uses
  // the cell API's globals, and has exactly one real error: an unknown name.
  await cell.setSource(
    [
      'const shared = await jvm.java.lang.Math.max(1, 2);',
      'const list = keep(await new jvm.java.util.ArrayList());',
      'const items: string[] = await toJS(list);',
      'display.html(`<b>${items.length + shared}</b>`);',
      'notDeclaredAnywhere + 1',
    ].join('\n'),
  );
  const errors = cell.editor.locator('.squiggly-error');
  await expect(errors).toHaveCount(1, { timeout: 30_000 });
  await errors.first().hover({ force: true });
  await expect(page.locator('.monaco-hover:not(.hidden)')).toContainText("Cannot find name 'notDeclaredAnywhere'");
  await notebook.screenshot('editor-diagnostics');

  // Declarations of other cells are known: using `shared` from cell 1 is not an error.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText('const doubled: number = shared * 2;\nundefinedAgain');
  // The squiggle moves once the edited cell is checked again; hover until it names the new error.
  await expect
    .poll(async () => {
      await page.mouse.move(0, 0);
      if ((await errors.count()) !== 1) return `${await errors.count()} errors`;
      await errors.first().hover({ force: true });
      return (
        (await page
          .locator('.monaco-hover:not(.hidden)')
          .first()
          .textContent({ timeout: 2000 })
          .catch(() => '')) ?? ''
      );
    })
    .toContain("Cannot find name 'undefinedAgain'");
});

test('completion offers the cell API', async ({ notebook, page }) => {
  await notebook.create([{ source: '' }]);
  await notebook.cell(0).edit();
  await page.keyboard.type('rele');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'release' }).first()).toBeVisible({
    timeout: 30_000,
  });
  // Escape closes the suggestions first and only then leaves edit mode.
  await page.keyboard.press('Escape');
  await expect(page.locator('.suggest-widget.visible')).toHaveCount(0);
  await expect(page.getByTestId('cells')).toHaveAttribute('data-mode', 'edit');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('cells')).toHaveAttribute('data-mode', 'command');
});
