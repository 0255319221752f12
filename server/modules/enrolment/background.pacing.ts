/**
 * Lets this process's background work (applying progress, delivering statistics events) give way
 * to progress requests. FerretDB/SQLite has one writer at a time and a statistics update holds
 * it far longer than an insert, so background writes running flat out during a burst of offline
 * syncs would slow every acknowledgement. Background steps (of every worker sharing the pacer)
 * run one at a time; while a request is in flight, each is followed by a pause that keeps
 * background at most `share` of the time; the pause ends as soon as no request is in flight.
 * Nothing is dropped: background work is only later, and reads that need it applied (drains)
 * do not wait for the pacing.
 */
export function createPacer(share = 0.25) {
  let active = 0;
  let lane: Promise<unknown> = Promise.resolve();
  const wake = new Set<() => void>();
  const quiet = () => {
    for (const done of [...wake]) done();
  };
  /** Resolves after `ms`, or earlier once no foreground work is in flight. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake.add(done);
    });
  return {
    /** Runs a request's work; background steps slow down while any is in flight. */
    async foreground<T>(task: () => Promise<T>): Promise<T> {
      active++;
      try {
        return await task();
      } finally {
        active--;
        if (active === 0) quiet();
      }
    },
    /** Runs one background step in the shared lane, then yields to requests in flight (above). */
    step<T>(task: () => Promise<T>): Promise<T> {
      const run = lane.then(async () => {
        const started = performance.now();
        try {
          return await task();
        } finally {
          if (active > 0) await pause(((performance.now() - started) * (1 - share)) / share);
        }
      });
      lane = run.catch(() => undefined);
      return run;
    },
  };
}

export type Pacer = ReturnType<typeof createPacer>;

/** No pacing (scripts and tests that build an outbox or applier alone). */
export const unpaced: Pacer = {
  foreground: (task) => task(),
  step: (task) => task(),
};
