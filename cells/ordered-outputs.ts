/**
 * A run's outputs in the order the cell asked for them. Some outputs need Java
 * round trips before they can be shown (`display(obj)`, `console.log(obj)`):
 * each takes its place when it is asked for, and later outputs wait behind it,
 * so an un-awaited display is neither overtaken nor lost.
 */
export class OrderedOutputs<T> {
  /** Places not yet handed to the sink, oldest first. */
  private readonly places: Array<{ output: T | undefined; ready: boolean }> = [];
  private idle: Promise<void> = Promise.resolve();
  private markIdle: (() => void) | null = null;

  constructor(private readonly sink: (output: T) => void) {}

  /** Adds an output that is ready now. */
  push(output: T): void {
    this.places.push({ output, ready: true });
    this.flush();
  }

  /**
   * Takes the next place for an output still being made. `fallback` makes
   * the output when `pending` rejects, so the place is never left empty.
   */
  reserve(pending: Promise<T>, fallback: (error: unknown) => T): void {
    const place: { output: T | undefined; ready: boolean } = { output: undefined, ready: false };
    this.places.push(place);
    if (!this.markIdle) this.idle = new Promise((resolve) => (this.markIdle = resolve));
    pending
      .catch((error: unknown) => fallback(error))
      .then((output) => {
        place.output = output;
        place.ready = true;
        this.flush();
      });
  }

  /** Resolves when every output asked for so far has reached the sink. */
  settled(): Promise<void> {
    return this.idle;
  }

  private flush(): void {
    while (this.places[0]?.ready) this.sink(this.places.shift()!.output as T);
    if (this.places.length === 0 && this.markIdle) {
      this.markIdle();
      this.markIdle = null;
    }
  }
}
