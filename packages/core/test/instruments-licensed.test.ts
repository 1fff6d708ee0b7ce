import * as fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { describe, expect, it } from "vitest";
import type { DomainError } from "../src/errors.js";
import { assess } from "../src/instruments/instrument.js";
import type { Instrument } from "../src/instruments/instrument.js";
import { PAM_LEVEL_CUT_POINTS, licensedInstrument, pamLevel } from "../src/instruments/licensed-instrument.js";
import type { InstrumentDefinition } from "../src/instruments/licensed-instrument.js";
import { standardInstruments, standardInstrumentsWith } from "../src/instruments/standard-instruments.js";

const rating = { min: 0, max: 6 };
const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** A well-formed definition to break one part of at a time. */
const wellFormed: InstrumentDefinition = {
  id: "MYCAW-1C",
  version: "1",
  items: [rating, rating],
  score: ([concern1 = NaN, wellbeing = NaN]) => ({ concern1, wellbeing, profile: mean([concern1, wellbeing]) }),
};

function issuesOf(result: E.Either<DomainError, Instrument>) {
  if (E.isRight(result)) throw new Error("expected a Left");
  if (result.left.code !== "VALIDATION_FAILED") throw new Error(`expected VALIDATION_FAILED, got ${result.left.code}`);
  return result.left.issues;
}

/**
 * A TEST DOUBLE of Insignia Health's licensed PAM-13 conversion: a made-up linear map of the raw
 * total onto 0-100, NOT the real table, which is licensed and never shipped in this repository.
 */
const fakeLicensedPamTable = {
  version: "fake-pam",
  activationScore: (answers: readonly number[]) => Math.round(((mean(answers) - 1) / 3) * 1000) / 10,
};

describe("licensedInstrument: the documented examples", () => {
  const mycaw1 = licensedInstrument({
    id: "MYCAW-1C",
    version: "1",
    items: [rating, rating], // concern 1, wellbeing
    score: ([concern1 = NaN, wellbeing = NaN]) => ({ concern1, wellbeing, profile: mean([concern1, wellbeing]) }),
  });
  const mycaw2 = licensedInstrument({
    id: "MYCAW-2C",
    version: "1",
    items: [rating, rating, rating], // concern 1, concern 2, wellbeing
    score: ([concern1 = NaN, concern2 = NaN, wellbeing = NaN]) => ({
      concern1,
      concern2,
      wellbeing,
      profile: mean([concern1, concern2, wellbeing]),
    }),
  });
  const pam13 = licensedInstrument({
    id: "PAM13",
    version: `1+${fakeLicensedPamTable.version}`,
    items: Array.from({ length: 13 }, () => ({ min: 1, max: 4 })),
    score: (answers) => {
      const activation = fakeLicensedPamTable.activationScore(answers);
      return { activation, level: pamLevel(activation) ?? 0 };
    },
  });
  const instruments = pipe(E.sequenceArray([mycaw1, mycaw2, pam13]), E.map(standardInstrumentsWith));

  it("builds MYCaW and PAM-13 and adds them to the standard instruments", () => {
    if (E.isLeft(instruments)) throw new Error(instruments.left.message);
    expect([...instruments.right.keys()]).toEqual(["ONS4", "WEMWBS", "SWEMWBS", "UCLA3", "MYCAW-1C", "MYCAW-2C", "PAM13"]);
    expect(assess(instruments.right, "MYCAW-2C", [4, 2, 3])).toEqual(
      E.right({
        instrument: "MYCAW-2C",
        instrumentVersion: "1",
        items: [4, 2, 3],
        scores: { concern1: 4, concern2: 2, wellbeing: 3, profile: 3 },
      }),
    );
    const pam = assess(instruments.right, "PAM13", Array(13).fill(3));
    expect(E.isRight(pam) && pam.right).toMatchObject({ instrumentVersion: "1+fake-pam", scores: { activation: 66.7, level: 3 } });
  });

  it("checks answers against the licensed instrument's own ranges", () => {
    if (E.isLeft(instruments)) throw new Error(instruments.left.message);
    const result = assess(instruments.right, "MYCAW-1C", [7, 0]);
    if (E.isRight(result) || result.left.code !== "VALIDATION_FAILED") throw new Error("expected VALIDATION_FAILED");
    expect(result.left.issues).toEqual([{ path: "items[0]", message: "MYCAW-1C item 1 must be a whole number from 0 to 6, got 7" }]);
  });

  it("leaves the standard registry alone", () => {
    expect([...standardInstruments.keys()]).toEqual(["ONS4", "WEMWBS", "SWEMWBS", "UCLA3"]);
  });
});

describe("licensedInstrument: malformed definitions", () => {
  it("accepts the well-formed one and copies its items", () => {
    const items = [
      { min: 0, max: 6 },
      { min: 0, max: 6 },
    ];
    const result = licensedInstrument({ ...wellFormed, items });
    if (E.isLeft(result)) throw new Error(result.left.message);
    items[0] = { min: 0, max: 100 };
    expect(result.right.items).toEqual([rating, rating]);
    expect(Object.isFrozen(result.right.items)).toBe(true);
    expect(result.right.score([2, 4])).toEqual({ concern1: 2, wellbeing: 4, profile: 3 });
  });

  it.each<[string, unknown, string]>([
    ["an empty id", { ...wellFormed, id: "" }, "id"],
    ["an id with a space", { ...wellFormed, id: "MY CAW" }, "id"],
    ["an id too long for events", { ...wellFormed, id: "M".repeat(41) }, "id"],
    ["a missing version", { ...wellFormed, version: undefined }, "version"],
    ["a version too long for events", { ...wellFormed, version: "1".repeat(21) }, "version"],
    ["a numeric version", { ...wellFormed, version: 1 }, "version"],
    ["no items", { ...wellFormed, items: [] }, "items"],
    ["too many items", { ...wellFormed, items: Array(101).fill(rating) }, "items"],
    ["items that are not an array", { ...wellFormed, items: { 0: rating } }, "items"],
    ["an item that is not a range", { ...wellFormed, items: [rating, 6] }, "items[1]"],
    ["a fractional minimum", { ...wellFormed, items: [rating, { min: 0.5, max: 6 }] }, "items[1].min"],
    ["an infinite maximum", { ...wellFormed, items: [{ min: 0, max: Infinity }, rating] }, "items[0].max"],
    ["a NaN maximum", { ...wellFormed, items: [{ min: 0, max: NaN }, rating] }, "items[0].max"],
    ["a missing maximum", { ...wellFormed, items: [{ min: 0 }, rating] }, "items[0].max"],
    ["min above max", { ...wellFormed, items: [rating, { min: 6, max: 0 }] }, "items[1]"],
    ["no score function", { ...wellFormed, score: undefined }, "score"],
    [
      "a score that throws",
      {
        ...wellFormed,
        score: () => {
          throw new Error("table missing");
        },
      },
      "score",
    ],
    ["a score that returns nothing", { ...wellFormed, score: () => undefined }, "score"],
    ["a score that returns an array", { ...wellFormed, score: () => [1] }, "score"],
    ["a score with no names", { ...wellFormed, score: () => ({}) }, "score"],
    ["a NaN score", { ...wellFormed, score: () => ({ total: NaN }) }, "score"],
    ["a string score", { ...wellFormed, score: () => ({ total: "3" }) }, "score"],
    ["a badly named score", { ...wellFormed, score: () => ({ "total score": 3 }) }, "score"],
    ["a score failing only at the top", { ...wellFormed, score: ([a = 0]: readonly number[]) => ({ total: 1 / (6 - a) }) }, "score"],
    ["scores that change names", { ...wellFormed, score: ([a = 0]: readonly number[]) => (a === 0 ? { low: a } : { high: a }) }, "score"],
    ["a definition that is not an object", null, "(root)"],
    [
      "a definition whose id getter throws",
      Object.defineProperty({ ...wellFormed }, "id", {
        get: () => {
          throw new Error("no");
        },
      }),
      "(root)",
    ],
    [
      "a score whose result throws when read",
      {
        ...wellFormed,
        score: () =>
          Object.defineProperty({}, "total", {
            enumerable: true,
            get: () => {
              throw new Error("no");
            },
          }),
      },
      "score",
    ],
  ])("rejects %s", (_, definition, path) => {
    const issues = issuesOf(licensedInstrument(definition as InstrumentDefinition));
    expect(issues.map((issue) => issue.path)).toContain(path);
  });

  it("reports every shape problem at once", () => {
    const issues = issuesOf(
      licensedInstrument({ id: "", version: "", items: [{ min: 2, max: 1 }], score: undefined } as unknown as InstrumentDefinition),
    );
    expect(issues.map((issue) => issue.path)).toEqual(["id", "version", "items[0]", "score"]);
  });

  it("names the problem in the message", () => {
    const result = licensedInstrument({ ...wellFormed, items: [rating, { min: 6, max: 0 }] });
    expect(E.isLeft(result) && result.left.message).toBe(
      "instrument definition is invalid: items[1]: min must not be above max, got 6 to 0",
    );
  });

  it("never throws, whatever it is given", () => {
    const anyRange = fc.record({
      min: fc.oneof(fc.integer(), fc.double(), fc.anything()),
      max: fc.oneof(fc.integer(), fc.double(), fc.anything()),
    });
    const definition = fc.record({
      id: fc.oneof(fc.string(), fc.anything()),
      version: fc.oneof(fc.string(), fc.anything()),
      items: fc.oneof(fc.array(anyRange, { maxLength: 5 }), fc.anything()),
      score: fc.oneof(
        fc.constant((answers: readonly number[]) => wellFormed.score(answers)),
        fc.func(fc.anything()),
        fc.constant(() => {
          throw new Error("boom");
        }),
        fc.anything(),
      ),
    });
    fc.assert(
      fc.property(fc.oneof(definition, fc.anything()), (candidate) => {
        const result = licensedInstrument(candidate as InstrumentDefinition);
        if (E.isLeft(result)) expect(result.left.code).toBe("VALIDATION_FAILED");
      }),
    );
  });
});

describe("pamLevel", () => {
  it("cuts at the published points, a score on a cut point belonging to the level below", () => {
    expect(PAM_LEVEL_CUT_POINTS).toEqual([47.0, 55.1, 67.0]);
    expect(pamLevel(0)).toBe(1);
    expect(pamLevel(47.0)).toBe(1);
    expect(pamLevel(47.1)).toBe(2);
    expect(pamLevel(55.1)).toBe(2);
    expect(pamLevel(55.2)).toBe(3);
    expect(pamLevel(67.0)).toBe(3);
    expect(pamLevel(67.1)).toBe(4);
    expect(pamLevel(100)).toBe(4);
  });

  it("gives no level outside 0-100 or for a non-number", () => {
    for (const score of [-0.1, 100.1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(pamLevel(score)).toBeUndefined();
    }
  });

  it("never falls as the score rises", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (a, b) => {
        const [lower, higher] = a <= b ? [a, b] : [b, a];
        expect(pamLevel(lower)).toBeLessThanOrEqual(pamLevel(higher) ?? 0);
      }),
    );
  });
});
