import * as fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { assess } from "../src/instruments/instrument.js";
import { ONS4_MEASURES, ons4, ons4Band } from "../src/instruments/ons4.js";
import type { Ons4PositiveMeasure } from "../src/instruments/ons4.js";
import { standardInstruments } from "../src/instruments/standard-instruments.js";

const positiveMeasures: readonly Ons4PositiveMeasure[] = ["lifeSatisfaction", "worthwhile", "happiness"];

describe("ONS4", () => {
  it("scores each item under its measure's name, never a sum", () => {
    const result = assess(standardInstruments, "ONS4", [7, 8, 6, 3]);
    expect(E.isRight(result) && result.right.scores).toEqual({ lifeSatisfaction: 7, worthwhile: 8, happiness: 6, anxiety: 3 });
  });

  it("keeps the measures in item order", () => {
    expect(ONS4_MEASURES).toEqual(["lifeSatisfaction", "worthwhile", "happiness", "anxiety"]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 4, maxLength: 4 }), (answers) => {
        expect(ONS4_MEASURES.map((measure) => ons4.score(answers)[measure])).toEqual(answers);
      }),
    );
  });

  it("is frozen, so the shared instance cannot be changed", () => {
    expect(Object.isFrozen(ons4)).toBe(true);
    expect(Object.isFrozen(ons4.items)).toBe(true);
  });
});

describe("ons4Band", () => {
  it.each(positiveMeasures)("bands %s at the ONS thresholds", (measure) => {
    const expected = ["low", "low", "low", "low", "low", "medium", "medium", "high", "high", "very_high", "very_high"];
    expect(Array.from({ length: 11 }, (_, value) => ons4Band(measure, value))).toEqual(expected);
    expect(ons4Band(measure, 4)).toBe("low");
    expect(ons4Band(measure, 5)).toBe("medium");
    expect(ons4Band(measure, 6)).toBe("medium");
    expect(ons4Band(measure, 7)).toBe("high");
    expect(ons4Band(measure, 8)).toBe("high");
    expect(ons4Band(measure, 9)).toBe("very_high");
  });

  it("bands anxiety the other way round (higher is worse)", () => {
    const expected = ["very_low", "very_low", "low", "low", "medium", "medium", "high", "high", "high", "high", "high"];
    expect(Array.from({ length: 11 }, (_, value) => ons4Band("anxiety", value))).toEqual(expected);
    expect(ons4Band("anxiety", 0)).toBe("very_low");
    expect(ons4Band("anxiety", 1)).toBe("very_low");
    expect(ons4Band("anxiety", 2)).toBe("low");
    expect(ons4Band("anxiety", 3)).toBe("low");
    expect(ons4Band("anxiety", 4)).toBe("medium");
    expect(ons4Band("anxiety", 5)).toBe("medium");
    expect(ons4Band("anxiety", 6)).toBe("high");
    expect(ons4Band("anxiety", 10)).toBe("high");
  });

  it("puts a fraction in the band whose lower bound it has reached", () => {
    expect(ons4Band("happiness", 4.99)).toBe("low");
    expect(ons4Band("happiness", 5)).toBe("medium");
    expect(ons4Band("worthwhile", 8.5)).toBe("high");
    expect(ons4Band("anxiety", 1.9)).toBe("very_low");
    expect(ons4Band("anxiety", 5.5)).toBe("medium");
  });

  it("gives no band outside 0-10 or for a non-number", () => {
    for (const value of [-1, -0.1, 10.01, 11, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const measure of ONS4_MEASURES) expect(ons4Band(measure, value)).toBeUndefined();
    }
  });

  it("never lowers the band as a positive measure rises, nor as anxiety rises", () => {
    const positiveOrder = ["low", "medium", "high", "very_high"];
    const anxietyOrder = ["very_low", "low", "medium", "high"];
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.constantFrom(...ONS4_MEASURES),
        (a, b, measure) => {
          const [lower, higher] = a <= b ? [a, b] : [b, a];
          const order = measure === "anxiety" ? anxietyOrder : positiveOrder;
          const rank = (value: number) => order.indexOf(ons4Band(measure, value) ?? "none");
          expect(rank(lower)).toBeGreaterThanOrEqual(0);
          expect(rank(lower)).toBeLessThanOrEqual(rank(higher));
        },
      ),
    );
  });
});
