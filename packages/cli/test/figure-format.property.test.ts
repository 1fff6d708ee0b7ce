import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber } from "../src/reports/figure-format.js";

describe("formatNumber", () => {
  it("writes what toLocaleString('en-GB') writes with that many decimals, for any number", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.integer(), fc.double({ min: -1e7, max: 1e7 }), fc.integer({ min: -1001, max: 1001 }), fc.constant(-0)),
        fc.integer({ min: 0, max: 3 }),
        (value, decimals) => {
          expect(formatNumber(value, decimals)).toBe(
            value.toLocaleString("en-GB", { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
