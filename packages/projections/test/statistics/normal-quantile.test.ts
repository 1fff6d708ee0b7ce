import fc from "fast-check";
import { probit } from "simple-statistics";
import { describe, expect, it } from "vitest";

import { normalQuantile } from "../../src/statistics/index.js";

// Reference values: R's qnorm(p).
const REFERENCE: readonly (readonly [number, number])[] = [
  [0.6, 0.2533471031357997],
  [0.9, 1.2815515655446004],
  [0.95, 1.6448536269514722],
  [0.975, 1.959963984540054],
  [0.995, 2.5758293035489004],
  [0.9995, 3.2905267314918945],
  [0.025, -1.959963984540054],
];

describe("normalQuantile", () => {
  it("matches reference quantiles to 1e-6", () => {
    for (const [p, z] of REFERENCE) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-6);
  });

  it("stays accurate far into the lower tail, where 1 + erf(z/√2) cancels to nothing", () => {
    // Reference values: Wichura's AS 241 (Applied Statistics 37, 1988), as computed by Python's
    // statistics.NormalDist().inv_cdf and scipy.stats.norm.ppf 1.17 (they agree to 1e-14).
    const tail: readonly (readonly [number, number])[] = [
      [1e-10, -6.361340902404056],
      [1e-12, -7.034483825301131],
      [1e-15, -7.941345326170998],
      [1e-20, -9.262340089798409],
      [1e-100, -21.273453560965322],
      [1e-300, -37.0470962993612],
    ];
    for (const [p, z] of tail) expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-9 * Math.abs(z));
    expect(Number.isFinite(normalQuantile(Number.MIN_VALUE))).toBe(true);
  });

  it("corrects simple-statistics' probit, which is off by about 0.003 at 0.975", () => {
    expect(Math.abs(probit(0.975) - 1.959963984540054)).toBeGreaterThan(1e-3);
  });

  it("property: symmetric and increasing", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), (p, q) => {
        expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 6);
        if (p < q - 1e-9) expect(normalQuantile(p)).toBeLessThan(normalQuantile(q));
      }),
    );
  });

  it("refuses probabilities outside (0, 1)", () => {
    for (const p of [0, 1, -0.1, 1.1, Number.NaN]) expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});
