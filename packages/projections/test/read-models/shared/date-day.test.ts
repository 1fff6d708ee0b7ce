import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS } from "@linkwork/core";
import { dateDay } from "../../../src/read-models/shared/date-day.js";

const digits = (min: number, max: number, width: number) => fc.integer({ min, max }).map((value) => String(value).padStart(width, "0"));

/** Text in the CalendarDate's shape, with fields in and just beyond their ranges (month 13, day 32, year 0099). */
const dateShaped = fc.tuple(digits(0, 9999, 4), digits(0, 13, 2), digits(0, 32, 2)).map(([year, month, day]) => `${year}-${month}-${day}`);

/** Date-shaped text with one character swapped for another: separators, signs, letters, digits. */
const nearlyDate = fc
  .tuple(dateShaped, fc.nat(), fc.constantFrom("-", "T", "Z", "+", " ", "a", "0", "9", "/", "\u0660"))
  .map(([text, at, replacement]) => {
    const index = at % text.length;
    return text.slice(0, index) + replacement + text.slice(index + 1);
  });

/** The plain reading it replaces. */
const reference = (text: string): number => Math.floor(Date.parse(text) / DAY_MS);

describe("dateDay", () => {
  it("gives Math.floor(Date.parse(text) / DAY_MS) for every string, valid or not", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          dateShaped,
          nearlyDate,
          fc.string(),
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
        ),
        (text) => {
          expect(Object.is(dateDay(text), reference(text))).toBe(true);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("reads dates as UTC days, rolling a day past the month's end over as Date.parse does", () => {
    expect(dateDay("1970-01-01")).toBe(0);
    expect(dateDay("2025-03-01")).toBe(Date.UTC(2025, 2, 1) / DAY_MS);
    expect(dateDay("2025-02-30")).toBe(Date.UTC(2025, 2, 2) / DAY_MS);
    expect(dateDay("1948-07-05")).toBe(Date.UTC(1948, 6, 5) / DAY_MS);
    expect(dateDay("0099-01-01")).toBe(reference("0099-01-01"));
    expect(dateDay("2025-13-01")).toBeNaN();
  });
});
