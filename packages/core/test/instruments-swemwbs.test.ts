import * as fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { assess } from "../src/instruments/instrument.js";
import { standardInstrumentsWith } from "../src/instruments/standard-instruments.js";
import { swemwbs, swemwbsRawOnly } from "../src/instruments/swemwbs.js";
import type { SwemwbsMetricScorer } from "../src/instruments/swemwbs.js";

/**
 * A TEST DOUBLE of the licensed Warwick raw-to-metric table: a made-up linear rescaling, NOT the real
 * conversion. The real table is licensed and is never shipped in this repository.
 */
const fakeLicensedTable: SwemwbsMetricScorer = {
  version: "fake-table",
  toMetric: (raw) => 100 + raw * 2,
};

const sevenAnswers = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 7, maxLength: 7 });

describe("SWEMWBS without a licensed table", () => {
  it("scores raw only, version 1", () => {
    expect(swemwbsRawOnly.id).toBe("SWEMWBS");
    expect(swemwbsRawOnly.version).toBe("1");
    expect(swemwbsRawOnly.score([1, 2, 3, 4, 5, 1, 2])).toEqual({ raw: 18 });
    expect(swemwbs().score([5, 5, 5, 5, 5, 5, 5])).toEqual({ raw: 35 });
  });
});

describe("SWEMWBS with a licensed table (test double)", () => {
  const licensed = swemwbs({ metricScorer: fakeLicensedTable });

  it("records the table's version in the instrument version", () => {
    expect(licensed.id).toBe("SWEMWBS");
    expect(licensed.version).toBe("1+fake-table");
  });

  it("adds `metric` from the table to every in-range assessment", () => {
    const registry = standardInstrumentsWith([licensed]);
    fc.assert(
      fc.property(sevenAnswers, (answers) => {
        const result = assess(registry, "SWEMWBS", answers);
        if (E.isLeft(result)) throw new Error(result.left.message);
        const raw = answers.reduce((sum, answer) => sum + answer, 0);
        expect(result.right.instrumentVersion).toBe("1+fake-table");
        expect(result.right.scores).toEqual({ raw, metric: 100 + raw * 2 });
      }),
    );
  });

  it("reads the table once, when the instrument is built", () => {
    const asked: number[] = [];
    const counting = swemwbs({ metricScorer: { version: "t", toMetric: (raw) => (asked.push(raw), raw) } });
    expect(asked).toEqual(Array.from({ length: 29 }, (_, i) => i + 7));
    counting.score([1, 1, 1, 1, 1, 1, 1]);
    expect(asked).toHaveLength(29);
  });

  it.each<[string, SwemwbsMetricScorer, RegExp]>([
    ["an empty version", { version: "", toMetric: (raw) => raw }, /version/u],
    ["a version with a space", { version: "table 2024", toMetric: (raw) => raw }, /version/u],
    ["a version with +", { version: "a+b", toMetric: (raw) => raw }, /version/u],
    ["a version too long to record", { version: "x".repeat(19), toMetric: (raw) => raw }, /1 to 18 characters/u],
    ["a NaN metric", { version: "t", toMetric: (raw) => (raw === 20 ? Number.NaN : raw) }, /NaN for raw score 20/u],
    ["an infinite metric", { version: "t", toMetric: () => Number.POSITIVE_INFINITY }, /Infinity for raw score 7/u],
    [
      "a throwing table",
      {
        version: "t",
        toMetric: () => {
          throw new Error("no licence");
        },
      },
      /failed for raw score 7/u,
    ],
    ["a falling table", { version: "t", toMetric: (raw) => (raw === 30 ? 0 : raw) }, /raw score 30, below/u],
  ])("refuses a scorer with %s", (_, scorer, message) => {
    expect(() => swemwbs({ metricScorer: scorer })).toThrow(RangeError);
    expect(() => swemwbs({ metricScorer: scorer })).toThrow(message);
  });

  it("accepts the longest version that fits the event's 20 characters", () => {
    expect(swemwbs({ metricScorer: { version: "x".repeat(18), toMetric: (raw) => raw } }).version).toHaveLength(20);
  });
});
