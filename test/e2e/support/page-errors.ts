/**
 * The uncaught errors of a page (Playwright's `pageerror`), collected from now on,
 * so a test can assert that what the user did raised none.
 */
import type { Page } from '@playwright/test';

export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  return errors;
}
