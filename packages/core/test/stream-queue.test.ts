import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { streamQueue } from "../src/store/stream-queue.js";

/** A promise the test settles by hand, so ordering is observed without any timer. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("the per-stream queue", () => {
  it("runs one key's tasks one at a time in submission order; other keys do not wait", async () => {
    const queue = streamQueue();
    const log: string[] = [];
    const first = gate();
    const a1 = queue.run("a", async () => {
      log.push("a1 start");
      await first.opened;
      log.push("a1 end");
    });
    const a2 = queue.run("a", async () => void log.push("a2"));
    await queue.run("b", async () => void log.push("b"));
    // b ran while a1 was still waiting; a2 has not started.
    expect(log).toEqual(["a1 start", "b"]);
    first.open();
    await Promise.all([a1, a2]);
    expect(log).toEqual(["a1 start", "b", "a1 end", "a2"]);
  });

  it("a task that fails does not stop the ones behind it, and its caller sees the failure", async () => {
    const queue = streamQueue();
    const failed = queue.run("a", () => Promise.reject(new Error("boom")));
    const next = queue.run("a", async () => "ran");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ran");
  });

  it("forgets a key once its queue empties, so memory follows the streams with work pending", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 40 }), async (keys) => {
        const queue = streamQueue();
        const running = new Map<string, number>();
        const answers = await Promise.all(
          keys.map((key, index) =>
            queue.run(key, async () => {
              running.set(key, (running.get(key) ?? 0) + 1);
              // Never two tasks of one key at once.
              expect(running.get(key)).toBe(1);
              await Promise.resolve();
              running.set(key, running.get(key)! - 1);
              return index;
            }),
          ),
        );
        expect(answers).toEqual(keys.map((_, index) => index));
        expect(queue.pending).toBeLessThanOrEqual(new Set(keys).size);
        // The tails' clean-up runs a few microtasks after the last task settles.
        for (let tick = 0; tick < 5; tick++) await Promise.resolve();
        expect(queue.pending).toBe(0);
      }),
    );
  });
});
