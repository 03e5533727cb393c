// When batches move on. PayPal processes a batch in its own time (seconds to hours); tests choose:
// 'on-read' (each read of a batch moves it one step), 'instant' (complete before the first read),
// 'manual' (only `tick()`), or `{ stepMs }` (one step every stepMs of real time).
import { isOpen, step, type Announce } from './lifecycle.js';
import type { Batch, Store } from './store.js';

/**
 * How batches move PENDING → PROCESSING → SUCCESS: `'on-read'` one step per read (the default), `'instant'`
 * done when created, `'manual'` only on {@link Clock.tick} or {@link Clock.settle}, or `{ stepMs }` in real time.
 */
export type ClockMode = 'on-read' | 'instant' | 'manual' | { stepMs: number };

/** The local PayPal's clock: when batches and their items move on. */
export class Clock {
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(
    readonly mode: ClockMode,
    private readonly store: Store,
    private readonly announce: Announce,
  ) {}

  /** A batch was just created (and answered PENDING). */
  created(batch: Batch): void {
    const mode = this.mode;
    if (typeof mode !== 'object') return;
    const timer = setInterval(() => {
      if (!step(batch, this.announce)) this.#stop(timer);
    }, mode.stepMs);
    timer.unref();
    this.#timers.add(timer);
  }

  /** A batch is about to be read. */
  read(batch: Batch): void {
    if (this.mode === 'on-read') step(batch, this.announce);
    if (this.mode === 'instant') while (step(batch, this.announce));
  }

  /** Moves every open batch one step. */
  tick(): void {
    for (const batch of this.store.batches.values()) if (isOpen(batch)) step(batch, this.announce);
  }

  /** Completes every open batch. */
  settle(): void {
    for (const batch of this.store.batches.values()) while (step(batch, this.announce));
  }

  /** Stops the real-time timers; the local PayPal's `close()` calls it. */
  close(): void {
    for (const timer of this.#timers) this.#stop(timer);
  }

  #stop(timer: NodeJS.Timeout) {
    clearInterval(timer);
    this.#timers.delete(timer);
  }
}
