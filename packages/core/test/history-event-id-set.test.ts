import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventIdSet, type EventIdSnapshot } from "../src/history/event-id-set.js";

/** The model: a Map from the id as a UUID (letter case ignored) to the line that used it first. */
function modelFirstUses(ids: readonly string[], lines: readonly number[]): number[] {
  const seen = new Map<string, number>();
  return ids.map((id, index) => {
    const key = id.toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) return earlier;
    seen.set(key, lines[index]!);
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
  it("answers the first line of every id as a Map would, through growth, letter case, odd ids, lines skipped, and a snapshot", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 5, arbitrary: uuid }, { weight: 1, arbitrary: notUuid }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 5 }) }), {
          minLength: 360,
          maxLength: 360,
        }),
        fc.nat(),
        (fresh, repeats, steps, cutAt) => {
          // Repeat some earlier ids, some in the other letter case.
          const ids = [...fresh];
          for (const [index, pick] of repeats.entries()) {
            const earlier = ids[pick % ids.length]!;
            ids.push(index % 2 === 0 ? earlier : earlier.toUpperCase());
          }
          // Lines that held no id (refused, unreadable) leave gaps.
          const lines: number[] = [];
          steps.slice(0, ids.length).reduce((line, step) => (lines.push(line + step), line + step), 0);
          const expected = modelFirstUses(ids, lines);
          // A table of four slots to start with: it grows, and the id list with it, many times over.
          const set = new EventIdSet(4);
          expect(ids.map((id, index) => set.firstUse(id, lines[index]!))).toEqual(expected);
          // Taken part way and restored from its snapshot (as JSON), it answers the rest the same.
          const cut = cutAt % (ids.length + 1);
          const first = new EventIdSet(4);
          const before = ids.slice(0, cut).map((id, index) => first.firstUse(id, lines[index]!));
          const restored = EventIdSet.fromSnapshot(JSON.parse(JSON.stringify(first.toSnapshot())) as EventIdSnapshot);
          if (restored === null) throw new Error("the snapshot should restore");
          const after = ids.slice(cut).map((id, index) => restored.firstUse(id, lines[cut + index]!));
          expect([...before, ...after]).toEqual(expected);
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
    const restored = EventIdSet.fromSnapshot(set.toSnapshot());
    for (let serial = 0; serial < count; serial += 991) expect(restored?.firstUse(idOf(serial), count + 2)).toBe(serial + 1);
  });
});
