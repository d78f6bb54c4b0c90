import type { Clock } from '../../ports/clock.js';

// A clock that runs with real time but can be moved forward: the local runtime's `/_local/clock`
// and the tests use it to reach a deadline or a due date without waiting for it.

export interface SettableClock extends Clock {
  /** Moves the clock to `to`; backwards only with `allowBackwards` (what already fired does not fire again). */
  set(to: Date, options?: { allowBackwards?: boolean }): void;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
}

/** A clock starting at `start` (default: real now) and ticking with real time, or frozen when `frozen` is set. */
export function createSettableClock({ start, frozen = false }: { start?: Date; frozen?: boolean } = {}): SettableClock {
  let offset = start ? start.getTime() - Date.now() : 0;
  let fixed = frozen ? (start ?? new Date()).getTime() : undefined;
  const now = () => new Date(fixed ?? Date.now() + offset);
  return {
    now,
    set(to, options) {
      if (!options?.allowBackwards && to.getTime() < now().getTime()) throw new RangeError(`the clock only moves forward (now ${now().toISOString()})`);
      if (fixed !== undefined) fixed = to.getTime();
      else offset = to.getTime() - Date.now();
    },
    advance(ms) {
      this.set(new Date(now().getTime() + ms));
    },
  };
}
