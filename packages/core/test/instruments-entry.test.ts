import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { describe, expect, it } from "vitest";
import { assess } from "@linkwork/core";
import { licensedInstrument, pamLevel, standardInstrumentsWith, swemwbs } from "@linkwork/core/instruments";

// docs/instruments.md shows a deployment adding licensed instruments: what it imports must be public,
// through the package's own entry, not a path into src/.

const rating = { min: 0, max: 6 };
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe("@linkwork/core/instruments", () => {
  it("builds the documented MYCaW instrument and adds it to the standard ones", () => {
    const mycaw1 = licensedInstrument({
      id: "MYCAW-1C",
      version: "1",
      items: [rating, rating],
      score: ([concern1 = NaN, wellbeing = NaN]) => ({ concern1, wellbeing, profile: mean([concern1, wellbeing]) }),
    });
    const instruments = pipe(E.sequenceArray([mycaw1]), E.map(standardInstrumentsWith));
    if (E.isLeft(instruments)) throw new Error(instruments.left.message);
    const result = assess(instruments.right, "MYCAW-1C", [4, 2]);
    expect(E.isRight(result) && result.right.scores).toEqual({ concern1: 4, wellbeing: 2, profile: 3 });
  });

  it("gives the PAM-13 level of an activation score", () => {
    expect([pamLevel(47.0), pamLevel(47.1), pamLevel(67.1), pamLevel(101)]).toEqual([1, 2, 4, undefined]);
  });

  it("replaces the raw-only SWEMWBS with one scoring a metric from the deployment's table", () => {
    // A made-up table (raw + 0.5), NOT the licensed conversion, which is never shipped here.
    const instruments = standardInstrumentsWith([swemwbs({ metricScorer: { version: "table-test", toMetric: (raw) => raw + 0.5 } })]);
    const result = assess(instruments, "SWEMWBS", [3, 3, 3, 3, 3, 3, 3]);
    expect(E.isRight(result) && result.right).toMatchObject({ instrumentVersion: "1+table-test", scores: { raw: 21, metric: 21.5 } });
  });
});
