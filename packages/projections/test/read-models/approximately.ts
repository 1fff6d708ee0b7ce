import { expect } from "vitest";

/**
 * `expected` with every number replaced by a matcher that accepts any value within 5e-10 of it, for
 * comparing a read model's sums with a reference computed in another order. Rounding both sides to a
 * fixed number of places is not enough: when the true value sits on a rounding boundary (0.685546875
 * is 351/512), a difference in the last bit rounds the two sides apart.
 */
export function approximately<T>(expected: T): T {
  return approximate(expected) as T;
}

function approximate(value: unknown): unknown {
  // Integers too: toEqual tells 0 from -0, which a sum in another order may give.
  if (typeof value === "number") return expect.closeTo(value, 9);
  if (Array.isArray(value)) return value.map(approximate);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, approximate(item)]));
  }
  return value;
}
