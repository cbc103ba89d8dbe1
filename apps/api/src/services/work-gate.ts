/**
 * Lets heavy work run only while the work already running weighs less than `capacity`: a summary
 * of 2,500 organisations holds its judged rows, its answer as objects and as JSON at once (about
 * 100 MB for a quarter week by week), so six directors asking for six new ranges at once would
 * need six times that. Each task weighs what it holds (organisations in its answer); a task
 * heavier than the whole capacity runs alone. First come, first served: a light task does not pass
 * a heavy one waiting, so none waits forever.
 */
export class WorkGate {
  #running = 0;
  readonly #waiting: { weight: number; start: () => void }[] = [];

  constructor(readonly capacity: number) {}

  /** Weight of the tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for room. */
  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(weight: number, task: () => Promise<T>): Promise<T> {
    const held = Math.max(1, Math.min(weight, this.capacity));
    if (this.#waiting.length > 0 || this.#running + held > this.capacity) {
      await new Promise<void>((start) => this.#waiting.push({ weight: held, start }));
    } else {
      this.#running += held;
    }
    try {
      return await task();
    } finally {
      this.#running -= held;
      this.#startWaiting();
    }
  }

  #startWaiting(): void {
    while (this.#waiting.length > 0 && this.#running + this.#waiting[0]!.weight <= this.capacity) {
      const next = this.#waiting.shift()!;
      this.#running += next.weight;
      next.start();
    }
  }
}
