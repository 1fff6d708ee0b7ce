import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantMs, occurredAtMs } from "../../../src/read-models/shared/occurred-at.js";

const digits = (min: number, max: number, width: number) => fc.integer({ min, max }).map((value) => String(value).padStart(width, "0"));

/** Text in the Instant's shape, with fields in and just beyond their ranges (day 31 of February, hour 24, minute 60). */
const instantShaped = fc
  .tuple(
    digits(0, 9999, 4),
    digits(0, 13, 2),
    digits(0, 32, 2),
    digits(0, 24, 2),
    digits(0, 60, 2),
    digits(0, 60, 2),
    fc.option(fc.stringMatching(/^[0-9]{0,12}$/), { nil: undefined }),
  )
  .map(([year, month, day, hour, minute, second, fraction]) => {
    const tail = fraction === undefined ? "" : `.${fraction}`;
    return `${year}-${month}-${day}T${hour}:${minute}:${second}${tail}Z`;
  });

/** Instant-shaped text with one character swapped for another: separators, signs, letters, digits. */
const nearlyInstant = fc
  .tuple(instantShaped, fc.nat(), fc.constantFrom("-", ":", "T", "Z", ".", "+", " ", "a", "0", "9", "/", "\u0660"))
  .map(([text, at, replacement]) => {
    const index = at % text.length;
    return text.slice(0, index) + replacement + text.slice(index + 1);
  });

describe("instantMs", () => {
  it("gives Date.parse's answer for every string, valid or not", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          instantShaped,
          nearlyInstant,
          fc.string(),
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
        ),
        (text) => {
          expect(Object.is(instantMs(text), Date.parse(text))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("reads the Instant's usual forms", () => {
    expect(instantMs("2025-01-31T09:30:00Z")).toBe(Date.UTC(2025, 0, 31, 9, 30, 0));
    expect(instantMs("2025-01-31T09:30:00.5Z")).toBe(Date.UTC(2025, 0, 31, 9, 30, 0, 500));
    expect(instantMs("2025-01-31T09:30:00.123999Z")).toBe(Date.UTC(2025, 0, 31, 9, 30, 0, 123));
    expect(instantMs("2025-01-31T09:30:00+01:00")).toBe(Date.UTC(2025, 0, 31, 8, 30, 0));
    expect(instantMs("not a date")).toBeNaN();
  });
});

describe("occurredAtMs", () => {
  it("answers from the text, not from the last object it was given", () => {
    expect(occurredAtMs({ occurredAt: "2025-01-31T09:30:00Z" })).toBe(Date.UTC(2025, 0, 31, 9, 30, 0));
    expect(occurredAtMs({ occurredAt: "2025-02-01T00:00:00Z" })).toBe(Date.UTC(2025, 1, 1));
    expect(occurredAtMs({ occurredAt: "2025-01-31T09:30:00Z" })).toBe(Date.UTC(2025, 0, 31, 9, 30, 0));
  });
});
