import type { Browser } from 'playwright-core';
import type { UiFigures, Maybe } from './results.ts';
import type { Figure } from './stats.ts';
export async function measureUi(
  _b: Browser,
  _o: { quick: boolean; runs: number; say(l: string): void },
): Promise<UiFigures> {
  const m = { missing: 'todo' };
  return { open200Ms: m, clickToOutputMs: m, initialJsGzipBytes: m, relayRssMb: m };
}
export async function measureColdStart(_o: { runs: number; say(l: string): void }): Promise<Maybe<Figure>> {
  return { missing: 'todo' };
}
