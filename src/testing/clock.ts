// The emulator's clock: its own time (real time plus what tests fast-forward with `advance`), and when
// batches move on. PayPal processes a batch in its own time (seconds to hours); tests choose:
// 'on-read' (each read of a batch moves it one step), 'instant' (complete before the first read),
// 'manual' (only `tick()`), or `{ stepMs }` (one step every stepMs of real time).
import type { FeeModel } from './fees.js';
import { isOpen, returnUnclaimed, step, type Announce } from './lifecycle.js';
import type { Batch, Store } from './store.js';

export type ClockMode = 'on-read' | 'instant' | 'manual' | { stepMs: number };

export class Clock {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #onAdvance: Array<() => void> = [];
  #offsetMs = 0;

  constructor(
    readonly mode: ClockMode,
    private readonly store: Store,
    private readonly announce: Announce,
    private readonly fees: FeeModel,
  ) {}

  /** The emulator's time: real time plus every `advance` so far. */
  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }

  /**
   * Fast-forwards the emulator's time by `ms`: rate-limit windows pass, unclaimed items 30 days old
   * are returned, and webhook redeliveries that fall due are made.
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`clock.advance: ms must be 0 or more, not ${ms}`);
    this.#offsetMs += ms;
    returnUnclaimed(this.store.items.values(), this.announce, this.now().getTime());
    for (const listener of this.#onAdvance) listener();
  }

  /** Calls `listener` after each `advance`. */
  onAdvance(listener: () => void): void {
    this.#onAdvance.push(listener);
  }

  /** A batch was just created (and answered PENDING). */
  created(batch: Batch): void {
    const mode = this.mode;
    if (typeof mode !== 'object') return;
    const timer = setInterval(() => {
      if (!this.#step(batch)) this.#stop(timer);
    }, mode.stepMs);
    timer.unref();
    this.#timers.add(timer);
  }

  /** A batch is about to be read. */
  read(batch: Batch): void {
    if (this.mode === 'on-read') this.#step(batch);
    if (this.mode === 'instant') while (this.#step(batch));
  }

  /** Moves every open batch one step. */
  tick(): void {
    for (const batch of this.store.batches.values()) if (isOpen(batch)) this.#step(batch);
  }

  /** Completes every open batch. */
  settle(): void {
    for (const batch of this.store.batches.values()) while (this.#step(batch));
  }

  close(): void {
    for (const timer of this.#timers) this.#stop(timer);
  }

  #step(batch: Batch): boolean {
    return step(batch, this.announce, this.fees, this.now());
  }

  #stop(timer: NodeJS.Timeout) {
    clearInterval(timer);
    this.#timers.delete(timer);
  }
}
