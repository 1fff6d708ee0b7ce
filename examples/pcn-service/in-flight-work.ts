/**
 * Work the service must finish before it stops: commands in flight. Shutdown waits for them after
 * the server stops taking requests, so no acknowledged command is cut off and none is half-handled.
 */
export interface InFlightWork {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves once nothing is in flight. */
  drained(): Promise<void>;
}

export function inFlightWork(): InFlightWork {
  let running = 0;
  let waiting: (() => void)[] = [];
  return {
    run: async (work) => {
      running++;
      try {
        return await work();
      } finally {
        running--;
        if (running === 0) {
          for (const resolve of waiting) resolve();
          waiting = [];
        }
      }
    },
    drained: () => (running === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
  };
}
