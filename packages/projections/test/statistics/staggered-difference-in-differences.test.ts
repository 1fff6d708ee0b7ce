import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { staggeredDifferenceInDifferences, type StaggeredUnit } from "../../src/statistics/index.js";

function expectEstimate<R extends { readonly kind: string }>(result: R): Extract<R, { kind: "estimate" }> {
  if (result.kind !== "estimate") throw new Error(`expected an estimate, got ${JSON.stringify(result)}`);
  return result as Extract<R, { kind: "estimate" }>;
}

describe("staggeredDifferenceInDifferences", () => {
  it("compares each start group with the units not yet started, from its last period before the start", () => {
    // Periods 0-3. a1, a2 start in period 2; b1, b2 in period 3; c1, c2 never.
    const units: StaggeredUnit[] = [
      { id: "a1", start: 2, outcomes: [10, 10, 7, 6] },
      { id: "a2", start: 2, outcomes: [12, 12, 9, 8] },
      { id: "b1", start: 3, outcomes: [5, 5, 6, 4] },
      { id: "b2", start: 3, outcomes: [7, 7, 8, 6] },
      { id: "c1", start: null, outcomes: [3, 3, 4, 5] },
      { id: "c2", start: null, outcomes: [1, 1, 2, 3] },
    ];
    const result = expectEstimate(staggeredDifferenceInDifferences(units, { seed: 1, resamples: 200 }));
    const cell = (group: number, period: number) => result.groupTime.find((c) => c.group === group && c.period === period);
    // ATT(2,2): a changes 10→7 = −3; not yet started by 2 are b and c, each +1: −3 − 1 = −4.
    expect(cell(2, 2)!.estimate).toBeCloseTo(-4, 12);
    expect(cell(2, 2)!.notYetStartedUnits).toBe(4);
    // ATT(2,3): a changes −4 from period 1; only c is not started by 3 (+2): −6.
    expect(cell(2, 3)!.estimate).toBeCloseTo(-6, 12);
    expect(cell(2, 3)!.notYetStartedUnits).toBe(2);
    // ATT(3,3): b changes 6→4 = −2 from period 2; c: +1: −3.
    expect(cell(3, 3)!.estimate).toBeCloseTo(-3, 12);
    // Pre-period of group 3 (period 1 against base 2): b 6→5 = −1, c 4→3 = −1: 0.
    expect(cell(3, 1)!.estimate).toBeCloseTo(0, 12);
    // Overall: the post cells weighted by units: (2·−4 + 2·−6 + 2·−3) / 6.
    expect(result.estimate).toBeCloseTo(-13 / 3, 12);
    const event = new Map(result.eventStudy.map((e) => [e.eventTime, e]));
    expect(event.get(0)!.estimate).toBeCloseTo((-4 - 3) / 2, 12);
    expect(event.get(1)!.estimate).toBeCloseTo(-6, 12);
    expect(event.get(-1)).toMatchObject({ estimate: 0, lower: 0, upper: 0 });
    expect(result.lower).toBeLessThanOrEqual(result.estimate);
    expect(result.upper).toBeGreaterThanOrEqual(result.estimate);
  });

  it("recovers a constant effect exactly whatever each unit's level and each period's shock, and ignores input order", () => {
    const panel = fc.record({
      levels: fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 6, maxLength: 12 }),
      shocks: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 5, maxLength: 5 }),
      starts: fc.array(fc.constantFrom(1, 2, 3, 4, null), { minLength: 12, maxLength: 12 }),
      effect: fc.double({ min: -3, max: 3, noNaN: true }),
    });
    fc.assert(
      fc.property(panel, ({ levels, shocks, starts, effect }) => {
        // Two units always start and two never do, so there is an estimate.
        const startOf = (index: number) => (index < 2 ? 2 : index < 4 ? null : starts[index]!);
        const units: StaggeredUnit[] = levels.map((level, index) => {
          const start = startOf(index);
          return {
            id: `u${String(index).padStart(2, "0")}`,
            start,
            outcomes: shocks.map((shock, period) => level + shock + (start !== null && period >= start ? effect : 0)),
          };
        });
        const result = expectEstimate(staggeredDifferenceInDifferences(units, { seed: 7, resamples: 50 }));
        expect(Math.abs(result.estimate - effect)).toBeLessThan(1e-9);
        for (const e of result.eventStudy) expect(Math.abs(e.estimate - (e.eventTime >= 0 ? effect : 0))).toBeLessThan(1e-9);
        const reversed = expectEstimate(staggeredDifferenceInDifferences([...units].reverse(), { seed: 7, resamples: 50 }));
        expect(reversed.lower).toBe(result.lower);
        expect(reversed.upper).toBe(result.upper);
      }),
    );
  });

  it("takes a unit's change from its own change function when it has one (people observed in both periods)", () => {
    // The outcomes say a1 jumped by +10 (a heavy user's records began); its people's own change says −1.
    const units: StaggeredUnit[] = [
      { id: "a1", start: 1, outcomes: [5, 15], change: (period, base) => (period === 1 && base === 0 ? -1 : null) },
      { id: "a2", start: 1, outcomes: [5, 4] },
      { id: "c1", start: null, outcomes: [5, 5] },
      { id: "c2", start: null, outcomes: [6, 6] },
    ];
    const result = expectEstimate(staggeredDifferenceInDifferences(units, { seed: 1, resamples: 50 }));
    expect(result.estimate).toBeCloseTo(-1, 12);
  });

  it("reports insufficient data when fewer than two units start, or none has a unit not yet started", () => {
    const one = staggeredDifferenceInDifferences(
      [
        { id: "a", start: 1, outcomes: [1, 2] },
        { id: "b", start: null, outcomes: [1, 2] },
      ],
      { seed: 1 },
    );
    expect(one).toMatchObject({ kind: "insufficient-data", reason: "too-few-observations" });
    const allAtOnce = staggeredDifferenceInDifferences(
      [
        { id: "a", start: 1, outcomes: [1, 2] },
        { id: "b", start: 1, outcomes: [1, 2] },
      ],
      { seed: 1 },
    );
    expect(allAtOnce).toMatchObject({ kind: "insufficient-data", reason: "statistic-undefined" });
  });

  it("refuses a start that is not a whole period and an outcome that is not finite", () => {
    expect(() => staggeredDifferenceInDifferences([{ id: "a", start: 1.5, outcomes: [1] }], { seed: 1 })).toThrow(RangeError);
    expect(() => staggeredDifferenceInDifferences([{ id: "a", start: 1, outcomes: [Number.NaN] }], { seed: 1 })).toThrow(RangeError);
  });
});
