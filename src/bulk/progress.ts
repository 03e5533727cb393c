// What a person (or a machine) watching a run sees: bars on a terminal, timestamped lines in a log,
// JSON lines for --json. The library only calls this interface.
import cliProgress from 'cli-progress';

export type Phase = 'validating' | 'sending' | 'waiting' | 'reconciling';

export interface Progress {
  /** A phase begins; `total` is what `advance` counts up to (rows, batches, items), if known. */
  start(phase: Phase, total?: number): void;
  advance(phase: Phase, by?: number): void;
  end(phase: Phase): void;
  /** A message worth a line of its own; `data` goes to --json output. */
  info(message: string, data?: Record<string, unknown>): void;
  /** The run is over (or stopping on an error): release the terminal, so the process can end. */
  stop?(): void;
}

export const silentProgress: Progress = { start() {}, advance() {}, end() {}, info() {} };

const UNITS: Record<Phase, string> = { validating: 'rows', sending: 'batches', waiting: 'batches', reconciling: 'items' };

/** Bars on a TTY, one per phase, redrawn in place. */
export function barProgress(stream: NodeJS.WriteStream): Progress {
  const bars = new cliProgress.MultiBar(
    { stream, clearOnComplete: false, hideCursor: true, format: '{phase} [{bar}] {value}/{total} {unit}', barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  const active = new Map<Phase, { bar: cliProgress.SingleBar; done: number }>();
  return {
    start(phase, total = 0) {
      active.set(phase, { bar: bars.create(total, 0, { phase: phase.padEnd(11), unit: UNITS[phase] }), done: 0 });
    },
    advance(phase, by = 1) {
      const entry = active.get(phase);
      if (!entry) return;
      entry.done += by;
      if (entry.bar.getTotal() < entry.done) entry.bar.setTotal(entry.done); // a count with no known total
      entry.bar.update(entry.done);
    },
    end(phase) {
      active.get(phase)?.bar.stop();
      active.delete(phase);
      if (active.size === 0) bars.stop();
    },
    info(message) {
      bars.log(`${message}\n`);
    },
    stop() {
      active.clear();
      bars.stop(); // its redraw timer would keep the process alive
    },
  };
}

/** Timestamped lines: each phase's start and end, and a count at most every `everyMs`. */
export function lineProgress(write: (line: string) => void, everyMs = 5_000): Progress {
  const counts = new Map<Phase, { done: number; total: number | undefined; lastAt: number }>();
  const line = (message: string) => write(`${new Date().toISOString()} ${message}\n`);
  const describe = (phase: Phase) => {
    const count = counts.get(phase)!;
    return `${phase}: ${count.done}${count.total ? `/${count.total}` : ''} ${UNITS[phase]}`;
  };
  return {
    start(phase, total) {
      counts.set(phase, { done: 0, total, lastAt: Date.now() });
      line(`${phase}: started${total ? ` (${total} ${total === 1 ? UNITS[phase].replace(/e?s$/, '') : UNITS[phase]})` : ''}`);
    },
    advance(phase, by = 1) {
      const count = counts.get(phase);
      if (!count) return;
      count.done += by;
      if (Date.now() - count.lastAt >= everyMs) {
        count.lastAt = Date.now();
        line(describe(phase));
      }
    },
    end(phase) {
      if (counts.has(phase)) line(`${describe(phase)}, done`);
    },
    info: line,
  };
}

/** One JSON object per line: `{"event":"start","phase":"sending","total":3,"at":…}`. */
export function jsonProgress(write: (line: string) => void): Progress {
  const emit = (event: Record<string, unknown>) => write(`${JSON.stringify({ ...event, at: new Date().toISOString() })}\n`);
  const done = new Map<Phase, number>();
  return {
    start: (phase, total) => emit({ event: 'start', phase, total }),
    advance: (phase, by = 1) => void done.set(phase, (done.get(phase) ?? 0) + by),
    end: (phase) => emit({ event: 'end', phase, done: done.get(phase) ?? 0 }),
    info: (message, data) => emit({ event: 'info', message, ...data }),
  };
}
