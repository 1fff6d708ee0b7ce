import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, defaultRetry, retrySettings } from "../src/store/retry-backoff.js";

describe("retry backoff", () => {
  it("defaults to 5 attempts, 5 ms doubling, capped at 200 ms", () => {
    expect(retrySettings()).toEqual({ maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 200 });
    expect(defaultRetry).toEqual(retrySettings({}));
  });

  it("brings nonsense in range rather than throwing: at least one attempt, no negative pause", () => {
    expect(retrySettings({ maxAttempts: 0, baseDelayMs: -1, maxDelayMs: Number.NaN })).toEqual({
      maxAttempts: 1,
      baseDelayMs: 0,
      maxDelayMs: 200,
    });
    expect(retrySettings({ baseDelayMs: 50, maxDelayMs: 10 }).maxDelayMs).toBe(50);
  });

  it("full jitter: a pause lies in [0, min(max, base * 2^(attempt-1))), scaled by the random draw", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (attempt, draw, base, extra) => {
          const settings = retrySettings({ baseDelayMs: base, maxDelayMs: base + extra });
          const cap = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
          const delay = backoffDelay(attempt, settings, () => draw);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(cap);
          expect(delay).toBeCloseTo(draw * cap, 9);
        },
      ),
    );
  });

  it("the cap doubles per attempt until it reaches maxDelayMs", () => {
    const nearlyOne = () => 0.999_999;
    const caps = [1, 2, 3, 4, 5, 6, 7].map((attempt) => Math.round(backoffDelay(attempt, defaultRetry, nearlyOne)));
    expect(caps).toEqual([5, 10, 20, 40, 80, 160, 200]);
  });
});
