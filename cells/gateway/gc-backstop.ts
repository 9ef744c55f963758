/**
 * The backstop of the memory model: a proxy that JS can no longer reach is
 * released on the JVM, so a long loop of temporaries does not grow the
 * server's registry without bound. Scopes remain the rule; this only catches
 * what a running cell dropped.
 *
 * V8 runs FinalizationRegistry callbacks only after a full (mark-compact)
 * collection, and short-lived proxies die young, so a tight loop can make
 * tens of thousands of them before a full collection comes on its own.
 * Allocating a large, immediately dropped buffer counts as external memory
 * and makes V8 schedule a full collection soon — the only portable way to ask
 * for one (browsers have no gc()). Measured: a loop of 300,000 temporaries
 * peaks at ~10,000 live objects with the nudge, ~85,000 without.
 */
import type { JavaRef } from './java-ref.ts';

/** Tracked proxies between two nudges of the garbage collector, and the size of the nudge. */
const PRESSURE_EVERY = 10_000;
const PRESSURE_BYTES = 64 * 1024 * 1024;

export class GcBackstop {
  private sincePressure = 0;
  /** References released by the backstop. */
  collected = 0;
  private readonly registry: FinalizationRegistry<JavaRef>;

  constructor(release: (ref: JavaRef) => void) {
    this.registry = new FinalizationRegistry<JavaRef>((ref) => {
      if (ref.released) return;
      ref.released = true;
      ref.releasedBy = 'garbage collection';
      this.collected++;
      release(ref);
    });
  }

  /** Watches a proxy handed to user code; `ref` is released once the proxy is unreachable. */
  register(proxy: object, ref: JavaRef): void {
    this.registry.register(proxy, ref);
    if (++this.sincePressure >= PRESSURE_EVERY) {
      this.sincePressure = 0;
      new Uint8Array(PRESSURE_BYTES).fill(0, 0, 1);
    }
  }
}
