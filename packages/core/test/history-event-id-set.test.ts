import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventIdSet } from "../src/history/event-id-set.js";

/** The model: a Map from the id as a UUID (letter case ignored) to the line that used it first. */
function modelFirstUses(ids: readonly string[]): number[] {
  const seen = new Map<string, number>();
  return ids.map((id, index) => {
    const key = id.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) return earlier;
    seen.set(key, index + 1);
    return 0;
  });
}

const hex = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF"), minLength: length, maxLength: length });
const uuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join("-"));
/** Strings near UUIDs (a letter out of range, a dash moved, too short) and plain text. */
const notUuid = fc.oneof(
  uuid.map((id) => `${id.slice(0, 35)}g`),
  uuid.map((id) => `${id.slice(0, 8)}${id.slice(9, 10)}-${id.slice(10)}`),
  uuid.map((id) => id.slice(1)),
  fc.string({ maxLength: 40 }),
);

describe("the event id set of an import", () => {
  it("answers the first line of every id as a Map would, through growth, letter case and odd ids", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 5, arbitrary: uuid }, { weight: 1, arbitrary: notUuid }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (fresh, repeats) => {
          // Repeat some earlier ids, some in the other letter case.
          const ids = [...fresh];
          for (const [index, pick] of repeats.entries()) {
            const earlier = ids[pick % ids.length]!;
            ids.push(index % 2 === 0 ? earlier : earlier.toUpperCase());
          }
          const set = new EventIdSet();
          expect(ids.map((id, index) => set.firstUse(id, index + 1))).toEqual(modelFirstUses(ids));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("keeps every id of a large file (well past its first doubling)", () => {
    const set = new EventIdSet();
    const count = 40_000;
    const idOf = (serial: number) => `0190b5a1-0000-7000-8000-${serial.toString(16).padStart(12, "0")}`;
    for (let serial = 0; serial < count; serial++) expect(set.firstUse(idOf(serial), serial + 1)).toBe(0);
    for (let serial = 0; serial < count; serial += 997) expect(set.firstUse(idOf(serial), count + 1)).toBe(serial + 1);
  });
});
