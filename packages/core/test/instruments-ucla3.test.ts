import { describe, expect, it } from "vitest";
import { UCLA3_LONELY_THRESHOLD, isLonely, ucla3 } from "../src/instruments/ucla3.js";
import { wemwbs } from "../src/instruments/wemwbs.js";

describe("UCLA-3", () => {
  it("totals the three items", () => {
    expect(ucla3.score([1, 2, 3])).toEqual({ total: 6 });
    expect(ucla3.score([1, 1, 1])).toEqual({ total: 3 });
  });

  it("reads 6 or more as lonely", () => {
    expect(UCLA3_LONELY_THRESHOLD).toBe(6);
    expect([3, 4, 5, 6, 7, 8, 9].map(isLonely)).toEqual([false, false, false, true, true, true, true]);
    expect(isLonely(Number.NaN)).toBe(false);
  });
});

describe("WEMWBS", () => {
  it("totals the fourteen items with none reversed", () => {
    expect(wemwbs.score([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2, 3, 4])).toEqual({ total: 40 });
  });
});
