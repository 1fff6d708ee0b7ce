import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instantMs } from "../../src/events/instant-ms.js";

/** Instants as lines hold them, and texts near them: fractions, other offsets, impossible fields, the empty string. */
const texts = fc.oneof(
  fc
    .date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("2200-01-01T00:00:00Z"), noInvalidDate: true })
    .map((date) => date.toISOString()),
  fc.date({ noInvalidDate: true }).map((date) => `${date.toISOString().slice(0, 19)}Z`),
  fc.constantFrom(
    "",
    "2025-01-01T00:00:00Z",
    "2025-02-30T00:00:00Z",
    "2025-01-01T24:00:00Z",
    "2025-01-01T00:00:00+01:00",
    "2025-01-01",
    "x",
  ),
  fc.string({ maxLength: 24 }),
);

describe("instantMs", () => {
  it("gives Date.parse's answer over runs of texts that repeat (the last one read is remembered)", () => {
    fc.assert(
      fc.property(fc.array(texts, { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (pool, picks) => {
        for (const pick of picks) {
          // A copy, so the remembered text is matched by content, as each line's own string is.
          const text = [...pool[pick % pool.length]!].join("");
          expect(Object.is(instantMs(text), Date.parse(text))).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
