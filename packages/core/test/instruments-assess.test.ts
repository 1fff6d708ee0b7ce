import * as fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { assess } from "../src/instruments/instrument.js";
import type { Assessment, Instrument, ItemRange } from "../src/instruments/instrument.js";
import { ons4 } from "../src/instruments/ons4.js";
import { standardInstruments } from "../src/instruments/standard-instruments.js";
import { swemwbsRawOnly } from "../src/instruments/swemwbs.js";
import { ucla3 } from "../src/instruments/ucla3.js";
import { wemwbs } from "../src/instruments/wemwbs.js";

/** Each standard instrument with its documented item count, item range and score ranges. */
const documented: ReadonlyArray<{
  readonly instrument: Instrument;
  readonly itemCount: number;
  readonly itemRange: ItemRange;
  readonly scoreRanges: Readonly<Record<string, ItemRange>>;
}> = [
  {
    instrument: ons4,
    itemCount: 4,
    itemRange: { min: 0, max: 10 },
    scoreRanges: {
      lifeSatisfaction: { min: 0, max: 10 },
      worthwhile: { min: 0, max: 10 },
      happiness: { min: 0, max: 10 },
      anxiety: { min: 0, max: 10 },
    },
  },
  { instrument: wemwbs, itemCount: 14, itemRange: { min: 1, max: 5 }, scoreRanges: { total: { min: 14, max: 70 } } },
  { instrument: swemwbsRawOnly, itemCount: 7, itemRange: { min: 1, max: 5 }, scoreRanges: { raw: { min: 7, max: 35 } } },
  { instrument: ucla3, itemCount: 3, itemRange: { min: 1, max: 3 }, scoreRanges: { total: { min: 3, max: 9 } } },
];

const validAnswers = (range: ItemRange, count: number) => fc.array(fc.integer(range), { minLength: count, maxLength: count });

/** Numbers no item of `range` accepts: NaN, infinities, fractions, and whole numbers either side. */
const invalidAnswer = (range: ItemRange) =>
  fc
    .oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, range.min - 0.5, range.max + 1e-9, -1),
      fc.double().filter((x) => !Number.isInteger(x) || x < range.min || x > range.max),
      fc.integer({ max: range.min - 1 }),
      fc.integer({ min: range.max + 1 }),
    )
    .filter((x) => !(Number.isInteger(x) && x >= range.min && x <= range.max));

function right(result: E.Either<unknown, Assessment>): Assessment {
  if (E.isLeft(result)) throw new Error(`expected Right, got ${JSON.stringify(result.left)}`);
  return result.right;
}

describe("standard instruments as documented", () => {
  it.each(documented)("$instrument.id has its documented items", ({ instrument, itemCount, itemRange }) => {
    expect(instrument.version).toBe("1");
    expect(instrument.items).toHaveLength(itemCount);
    for (const item of instrument.items) expect(item).toEqual(itemRange);
    expect(standardInstruments.get(instrument.id)).toBe(instrument);
  });

  it.each(documented)("$instrument.id scores every in-range answer vector within the documented ranges", (doc) => {
    fc.assert(
      fc.property(validAnswers(doc.itemRange, doc.itemCount), (answers) => {
        const assessment = right(assess(standardInstruments, doc.instrument.id, answers));
        expect(assessment.instrument).toBe(doc.instrument.id);
        expect(assessment.instrumentVersion).toBe("1");
        expect(assessment.items).toEqual(answers);
        expect(Object.keys(assessment.scores).sort()).toEqual(Object.keys(doc.scoreRanges).sort());
        for (const [name, range] of Object.entries(doc.scoreRanges)) {
          const score = assessment.scores[name];
          expect(Number.isInteger(score)).toBe(true);
          expect(score).toBeGreaterThanOrEqual(range.min);
          expect(score).toBeLessThanOrEqual(range.max);
        }
      }),
    );
  });

  it.each(documented)("$instrument.id reaches both ends of its score ranges", (doc) => {
    const lowest = right(assess(standardInstruments, doc.instrument.id, Array(doc.itemCount).fill(doc.itemRange.min)));
    const highest = right(assess(standardInstruments, doc.instrument.id, Array(doc.itemCount).fill(doc.itemRange.max)));
    for (const [name, range] of Object.entries(doc.scoreRanges)) {
      expect(lowest.scores[name]).toBe(range.min);
      expect(highest.scores[name]).toBe(range.max);
    }
  });

  it.each(documented)("$instrument.id rejects any vector with an out-of-range answer, naming its item", (doc) => {
    fc.assert(
      fc.property(
        validAnswers(doc.itemRange, doc.itemCount),
        fc.nat({ max: doc.itemCount - 1 }),
        invalidAnswer(doc.itemRange),
        (answers, index, bad) => {
          const withBad = answers.map((answer, i) => (i === index ? bad : answer));
          const result = assess(standardInstruments, doc.instrument.id, withBad);
          if (E.isRight(result)) throw new Error(`accepted ${String(bad)} at items[${index}]`);
          expect(result.left.code).toBe("VALIDATION_FAILED");
          if (result.left.code !== "VALIDATION_FAILED") return;
          expect(result.left.issues).toHaveLength(1);
          expect(result.left.issues[0]?.path).toBe(`items[${index}]`);
          expect(result.left.issues[0]?.message).toContain(`from ${doc.itemRange.min} to ${doc.itemRange.max}`);
        },
      ),
    );
  });

  it.each(documented)("$instrument.id rejects the wrong number of answers", (doc) => {
    const wrongLength = fc
      .array(fc.integer(doc.itemRange), { maxLength: doc.itemCount * 2 })
      .filter((answers) => answers.length !== doc.itemCount);
    fc.assert(
      fc.property(wrongLength, (answers) => {
        const result = assess(standardInstruments, doc.instrument.id, answers);
        if (E.isRight(result)) throw new Error(`accepted ${answers.length} answers`);
        expect(result.left.code).toBe("VALIDATION_FAILED");
        if (result.left.code !== "VALIDATION_FAILED") return;
        expect(result.left.issues[0]).toEqual({
          path: "items",
          message: `${doc.instrument.id} has ${doc.itemCount} items, got ${answers.length}`,
        });
      }),
    );
  });

  it.each(documented)("$instrument.id never throws on arbitrary numbers, and accepts only valid vectors", (doc) => {
    const anything = fc.array(fc.oneof(fc.double(), fc.integer({ min: -3, max: 80 }), fc.constantFrom(Number.NaN, Infinity, -Infinity)), {
      maxLength: doc.itemCount + 3,
    });
    fc.assert(
      fc.property(anything, (answers) => {
        const valid =
          answers.length === doc.itemCount && answers.every((x) => Number.isInteger(x) && x >= doc.itemRange.min && x <= doc.itemRange.max);
        const result = assess(standardInstruments, doc.instrument.id, answers);
        expect(E.isRight(result)).toBe(valid);
        if (E.isLeft(result)) expect(result.left.code).toBe("VALIDATION_FAILED");
      }),
    );
  });
});

describe("assess error messages", () => {
  it("names the item path and its range", () => {
    const result = assess(standardInstruments, "ONS4", [5, 5, 11, 5]);
    expect(result).toEqual(
      E.left({
        code: "VALIDATION_FAILED",
        message: "assessment is invalid: items[2]: ONS4 item 3 must be a whole number from 0 to 10, got 11",
        issues: [{ path: "items[2]", message: "ONS4 item 3 must be a whole number from 0 to 10, got 11" }],
      }),
    );
  });

  it("reports every bad item, not only the first", () => {
    const result = assess(standardInstruments, "UCLA3", [0, 2, 3.5]);
    if (E.isRight(result) || result.left.code !== "VALIDATION_FAILED") throw new Error("expected VALIDATION_FAILED");
    expect(result.left.issues.map((issue) => issue.path)).toEqual(["items[0]", "items[2]"]);
    expect(result.left.issues[1]?.message).toBe("UCLA3 item 3 must be a whole number from 1 to 3, got 3.5");
  });

  it("reports a wrong item count under `items`", () => {
    const result = assess(standardInstruments, "WEMWBS", [3, 3, 3]);
    if (E.isRight(result) || result.left.code !== "VALIDATION_FAILED") throw new Error("expected VALIDATION_FAILED");
    expect(result.left.issues).toEqual([{ path: "items", message: "WEMWBS has 14 items, got 3" }]);
  });

  it("rejects the holes of a sparse array instead of scoring them", () => {
    const sparse = new Array<number>(4);
    sparse[0] = 1;
    sparse[2] = 3;
    sparse[3] = 4;
    const result = assess(standardInstruments, "ONS4", sparse);
    if (E.isRight(result) || result.left.code !== "VALIDATION_FAILED") throw new Error("expected VALIDATION_FAILED");
    expect(result.left.issues).toEqual([{ path: "items[1]", message: "ONS4 item 2 must be a whole number from 0 to 10, got undefined" }]);
  });

  it("rejects an unknown instrument and lists the known ones", () => {
    const result = assess(standardInstruments, "GAD7", [1]);
    if (E.isRight(result) || result.left.code !== "VALIDATION_FAILED") throw new Error("expected VALIDATION_FAILED");
    expect(result.left.issues).toEqual([
      { path: "instrument", message: 'unknown instrument "GAD7" (known: ONS4, WEMWBS, SWEMWBS, UCLA3)' },
    ]);
  });

  it("names an unknown instrument without echoing control characters from it", () => {
    const result = assess(standardInstruments, "X\u001b[2J\r\nforged", [1]);
    if (E.isRight(result) || result.left.code !== "VALIDATION_FAILED") throw new Error("expected VALIDATION_FAILED");
    expect(result.left.message).toContain('"X\\u001b[2J\\u000d\\u000aforged"');
    for (const text of [result.left.message, ...result.left.issues.map((issue) => issue.message)])
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      expect(text).not.toMatch(/[\u0000-\u001f]/);
  });
});
