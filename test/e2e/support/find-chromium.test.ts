import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, ChromiumMissingError, SYSTEM_CHROMIUM, findChromium } from './find-chromium.ts';

const ENV = '/opt/chrome/chrome';
const PLAYWRIGHT = '/home/user/.cache/ms-playwright/chromium-1/chrome-linux/chrome';

function places(existing: string[], fromEnv?: string, playwright: () => string = () => PLAYWRIGHT) {
  return { fromEnv, playwright, exists: (path: string) => existing.includes(path) };
}

describe('findChromium', () => {
  it('takes the environment variable first', () => {
    expect(findChromium(places([ENV, PLAYWRIGHT, SYSTEM_CHROMIUM], ENV))).toBe(ENV);
  });

  it("takes Playwright's installed Chromium before the system one", () => {
    expect(findChromium(places([PLAYWRIGHT, SYSTEM_CHROMIUM]))).toBe(PLAYWRIGHT);
  });

  it('falls back to the system Chromium when Playwright installed none', () => {
    expect(findChromium(places([SYSTEM_CHROMIUM]))).toBe(SYSTEM_CHROMIUM);
    const noBuild = () => {
      throw new Error('unsupported platform');
    };
    expect(findChromium(places([SYSTEM_CHROMIUM], undefined, noBuild))).toBe(SYSTEM_CHROMIUM);
  });

  it('fails with one line that says how to get a Chromium when none exists', () => {
    expect(() => findChromium(places([]))).toThrow(new ChromiumMissingError(CHROMIUM_MISSING));
    expect(CHROMIUM_MISSING).not.toContain('\n');
    expect(CHROMIUM_MISSING).toContain('npx playwright install chromium');
  });

  it('refuses an environment variable that names a missing file instead of picking another browser', () => {
    expect(() => findChromium(places([PLAYWRIGHT], ENV))).toThrow(/PLAYWRIGHT_CHROMIUM_EXECUTABLE names \/opt/);
  });
});
