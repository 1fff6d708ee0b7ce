import fc from "fast-check";
import { mean, sampleStandardDeviation } from "simple-statistics";
import { describe, expect, it } from "vitest";

import { createSeededRandom, MAX_SEED, MIN_SEED } from "../../src/statistics/index.js";

function draws(seed: number, count: number): number[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, () => random.index(1_000_000));
}

describe("createSeededRandom", () => {
  it("reproduces the same sequence for the same seed", () => {
    expect(draws(42, 50)).toEqual(draws(42, 50));
  });

  it("gives different sequences for different seeds", () => {
    expect(draws(42, 50)).not.toEqual(draws(43, 50));
  });

  it("decorrelates neighbouring seeds (unwarmed xoroshiro128+ draws nearly equal first values for seeds 1, 2, 3)", () => {
    const firsts = [1, 2, 3, 4].map((seed) => draws(seed, 1)[0] ?? Number.NaN);
    const steps = firsts.slice(1).map((value, i) => value - (firsts[i] ?? 0));
    // Without the warm-up the first draws are an arithmetic progression (equal steps).
    expect(new Set(steps).size).toBeGreaterThan(1);
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeGreaterThan(10_000);
  });

  it("draws integers and indices inside their ranges", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: MIN_SEED, max: MAX_SEED }),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (seed, low, width) => {
          const random = createSeededRandom(seed);
          for (let i = 0; i < 20; i += 1) {
            const value = random.integer(low, low + width);
            expect(Number.isInteger(value)).toBe(true);
            expect(value).toBeGreaterThanOrEqual(low);
            expect(value).toBeLessThanOrEqual(low + width);
            const index = random.index(width + 1);
            expect(index).toBeGreaterThanOrEqual(0);
            expect(index).toBeLessThanOrEqual(width);
            const u = random.uniform();
            expect(u).toBeGreaterThanOrEqual(0);
            expect(u).toBeLessThan(1);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("draws uniform indices: each of 10 values about 10% of the time", () => {
    const random = createSeededRandom(5);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 50_000; i += 1) {
      const index = random.index(10);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    // Expected 5,000 each with a standard deviation of about 67; allow 5 standard deviations.
    for (const count of counts) expect(Math.abs(count - 5000)).toBeLessThan(335);
  });

  it("draws standard normal values with mean 0 and standard deviation 1", () => {
    const random = createSeededRandom(11);
    const values = Array.from({ length: 20_000 }, () => random.standardNormal());
    // Standard errors: mean ≈ 0.007, standard deviation ≈ 0.005; tolerances are about 4 of them.
    expect(Math.abs(mean(values))).toBeLessThan(0.03);
    expect(Math.abs(sampleStandardDeviation(values) - 1)).toBeLessThan(0.02);
    const beyond196 = values.filter((value) => Math.abs(value) > 1.959964).length / values.length;
    expect(Math.abs(beyond196 - 0.05)).toBeLessThan(0.007);
  });

  it("scales normal draws by mean and standard deviation", () => {
    const standard = createSeededRandom(3);
    const scaled = createSeededRandom(3);
    for (let i = 0; i < 10; i += 1) {
      expect(scaled.normal(10, 2)).toBeCloseTo(10 + 2 * standard.standardNormal(), 12);
    }
  });

  it("refuses seeds that are not 32-bit integers rather than silently truncating them", () => {
    for (const seed of [1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_SEED + 1, MIN_SEED - 1, 1_700_000_000_000]) {
      expect(() => createSeededRandom(seed)).toThrow(RangeError);
    }
    expect(() => createSeededRandom(MIN_SEED)).not.toThrow();
    expect(() => createSeededRandom(MAX_SEED)).not.toThrow();
  });

  it("refuses empty ranges", () => {
    const random = createSeededRandom(1);
    expect(() => random.index(0)).toThrow(RangeError);
    expect(() => random.integer(5, 4)).toThrow(RangeError);
  });
});
