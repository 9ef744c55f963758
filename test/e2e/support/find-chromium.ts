/**
 * Finds the Chromium the end-to-end tests and the benchmark drive, where users have
 * one: the path in PLAYWRIGHT_CHROMIUM_EXECUTABLE, else the Chromium Playwright
 * installed (`npx playwright install chromium`), else the system's /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_MISSING =
  'No Chromium found: run `npx playwright install chromium`, or `apt-get install chromium`, ' +
  'or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium or Chrome binary.';

export interface ChromiumPlaces {
  /** The value of PLAYWRIGHT_CHROMIUM_EXECUTABLE, if set. */
  fromEnv: string | undefined;
  /** Where Playwright keeps the Chromium it installs (the file may not exist). */
  playwright(): string;
  exists(path: string): boolean;
}

export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  readonly code = 'E_NO_CHROMIUM';

  constructor(message: string) {
    super(message);
  }
}

/** The first Chromium that exists, in the order above; throws ChromiumMissingError when none does. */
export function findChromium(places: ChromiumPlaces = defaultPlaces()): string {
  if (places.fromEnv) {
    if (places.exists(places.fromEnv)) return places.fromEnv;
    // A path set on purpose that is wrong should be fixed, not silently replaced by another browser.
    throw new ChromiumMissingError(
      `PLAYWRIGHT_CHROMIUM_EXECUTABLE names ${places.fromEnv}, which does not exist. ${CHROMIUM_MISSING}`,
    );
  }
  const installed = playwrightPath(places);
  if (installed !== null && places.exists(installed)) return installed;
  if (places.exists(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  throw new ChromiumMissingError(CHROMIUM_MISSING);
}

function playwrightPath(places: ChromiumPlaces): string | null {
  try {
    return places.playwright();
  } catch {
    // Playwright throws when it has no Chromium build for this platform.
    return null;
  }
}

function defaultPlaces(): ChromiumPlaces {
  return {
    fromEnv: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE,
    playwright: () => chromium.executablePath(),
    exists: existsSync,
  };
}
