/**
 * Lines handed from the simulation to the file writer (`writeFileAtomically` pulls an async
 * iterable): the simulation waits while two chunks are unwritten, so a fast simulation never heaps
 * up the file in memory, and the writer waits for the next chunk. `fail` ends the iteration with an
 * error, so the atomic write is abandoned and no file appears.
 */
export interface LineChannel extends AsyncIterable<string> {
  /** Hands a chunk of lines over; resolves once the writer has room. Rejects if the writer failed. */
  put(lines: readonly string[]): Promise<void>;
  /** No more lines: the writer finishes the file. */
  close(): void;
  /** The run stopped: the writer abandons the file. */
  fail(reason: unknown): void;
  /** The writer failed: a waiting or later `put` rejects. */
  abandon(): void;
}

const MAX_UNWRITTEN_CHUNKS = 2;

export function lineChannel(): LineChannel {
  const chunks: string[] = [];
  let closed = false;
  let failure: { readonly reason: unknown } | null = null;
  let abandoned = false;
  let wakeWriter: (() => void) | null = null;
  let wakeSimulation: (() => void) | null = null;
  const wake = (which: "writer" | "simulation") => {
    const resolve = which === "writer" ? wakeWriter : wakeSimulation;
    if (which === "writer") wakeWriter = null;
    else wakeSimulation = null;
    resolve?.();
  };
  return {
    async put(lines) {
      if (abandoned) throw new Error("the history file could not be written");
      if (lines.length > 0) chunks.push(lines.join(""));
      wake("writer");
      while (chunks.length > MAX_UNWRITTEN_CHUNKS && !abandoned) await new Promise<void>((resolve) => (wakeSimulation = resolve));
      if (abandoned) throw new Error("the history file could not be written");
    },
    close() {
      closed = true;
      wake("writer");
    },
    fail(reason) {
      failure = { reason };
      wake("writer");
    },
    abandon() {
      abandoned = true;
      wake("simulation");
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (failure !== null) throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
        const chunk = chunks.shift();
        if (chunk !== undefined) {
          wake("simulation");
          yield chunk;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => (wakeWriter = resolve));
      }
    },
  };
}
