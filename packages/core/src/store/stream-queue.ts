/**
 * Runs tasks one after another per key, different keys concurrently. Each key's entry is the tail
 * of its queue and is removed once the queue empties, so the map holds only keys with work pending.
 */
export interface StreamQueue {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a task running or waiting. */
  readonly pending: number;
}

export function streamQueue(): StreamQueue {
  const tails = new Map<string, Promise<void>>();
  const settled = () => undefined;
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key);
      const result = previous === undefined ? task() : previous.then(task);
      // The tail never rejects, so a failed task does not stop the tasks queued behind it.
      const tail = result.then(settled, settled);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get pending() {
      return tails.size;
    },
  };
}
