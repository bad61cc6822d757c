// Every chart's draws go through one queue that runs a few per animation frame. While 8 runs train,
// some 25 charts want a redraw several times a second; drawn each in its own timer, several fell
// into the same frame and blocked the page for over a second. Here a frame draws until its time
// budget is spent, or the next chart's last draw says it would be, and leaves the rest to the next
// ones, so no task runs much longer than one chart's draw. Pure apart from the clock and the frame
// callback it is given, so it is unit-tested.

export interface FrameClock {
  requestFrame: (callback: () => void) => unknown;
  now: () => number;
}

/** The name of the User Timing measure each chart draw leaves, for bench:ui to read. */
export const DRAW_MEASURE = 'bnlab chart draw';

/** How long a frame may spend drawing before the rest waits for the next one. */
export const FRAME_BUDGET_MS = 24;

export class DrawQueue {
  /** A Set: a chart asked twice before its turn is drawn once, in the place of its first ask. */
  readonly #urgent = new Set<() => void>();
  readonly #waiting = new Set<() => void>();
  /** How long each chart's last draw took: one that would overrun the frame waits for the next. */
  readonly #lastMs = new WeakMap<() => void, number>();
  #scheduled = false;

  constructor(
    private readonly clock: FrameClock,
    private readonly budgetMs = FRAME_BUDGET_MS,
  ) {}

  /** Draws `draw` in a coming frame; an `urgent` one (a person moved a slider) before any other. */
  request(draw: () => void, urgent = false): void {
    if (urgent) {
      this.#waiting.delete(draw);
      this.#urgent.add(draw);
    } else if (!this.#urgent.has(draw)) this.#waiting.add(draw);
    this.#schedule();
  }

  cancel(draw: () => void): void {
    this.#urgent.delete(draw);
    this.#waiting.delete(draw);
  }

  get size(): number {
    return this.#urgent.size + this.#waiting.size;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.clock.requestFrame(() => this.#run());
  }

  #run(): void {
    this.#scheduled = false;
    const began = this.clock.now();
    let drawn = 0;
    for (const queue of [this.#urgent, this.#waiting]) {
      for (const draw of queue) {
        // A frame's first draw always runs; a later one only if it should end within the budget
        // (a 13 ms draw followed by a 75 ms one made a 100 ms task).
        const start = this.clock.now();
        if (drawn > 0 && start - began + (this.#lastMs.get(draw) ?? 0) >= this.budgetMs) return this.#schedule();
        queue.delete(draw);
        draw();
        drawn++;
        this.#lastMs.set(draw, this.clock.now() - start);
      }
    }
  }
}
