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

/** Answers `set` gives for `ids` on `lines`, taken whole, and taken part way then restored from its snapshot (as JSON). */
function answersThroughSnapshot(ids: readonly string[], lines: readonly number[], cutAt: number, make: () => EventIdSet) {
  const set = make();
  const whole = ids.map((id, index) => set.firstUse(id, lines[index]!));
  const cut = cutAt % (ids.length + 1);
  const first = make();
  const before = ids.slice(0, cut).map((id, index) => first.firstUse(id, lines[index]!));
  const restored = EventIdSet.fromSnapshot(JSON.parse(JSON.stringify(first.toSnapshot())) as EventIdSnapshot);
  if (restored === null) throw new Error("the snapshot should restore");
  const after = ids.slice(cut).map((id, index) => restored.firstUse(id, lines[cut + index]!));
  return { whole, resumed: [...before, ...after] };
}

/** Ids with some earlier ones repeated at the end, half of those in capitals. */
function withRepeats(fresh: readonly string[], repeats: readonly number[]): string[] {
  const ids = [...fresh];
  for (const [index, pick] of repeats.entries()) {
    const earlier = ids[pick % ids.length]!;
    ids.push(index % 2 === 0 ? earlier : earlier.toUpperCase());
  }
  return ids;
}

/** Lines 1, 2, 3, ... with gaps where a line held no id (refused, unreadable). */
const lineSteps = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: 5 }) }), {
  minLength: 360,
  maxLength: 360,
});
const linesOf = (steps: readonly number[], count: number) => {
  const lines: number[] = [];
  steps.slice(0, count).reduce((line, step) => (lines.push(line + step), line + step), 0);
  return lines;
};

/**
 * UUID v7s as a history holds them: their times (the first 48 bits, in milliseconds) mostly the same
 * as the last id's or later, sometimes earlier (another machine's clock, a merged file).
 */
const timeOrderedIds = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 6, arbitrary: fc.constant(0) },
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) },
        { weight: 1, arbitrary: fc.integer({ min: -4, max: -1 }) },
      ),
      hex(3),
      fc.constantFrom(..."89abAB"),
      hex(15),
    ),
    { minLength: 1, maxLength: 300 },
  )
  .map((parts) => {
    let time = 0x0193_0000_0000;
    return parts.map(([step, versionRest, variant, random]) => {
      time = Math.max(0, time + step);
      const digits = time.toString(16).padStart(12, "0");
      return `${digits.slice(0, 8)}-${digits.slice(8)}-7${versionRest}-${variant}${random.slice(0, 3)}-${random.slice(3)}`;
    });
  });

describe("the event id set of an import", () => {
  it("answers the first line of every id as a Map would, through growth, letter case, odd ids, lines skipped, and a snapshot", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 5, arbitrary: uuid }, { weight: 1, arbitrary: notUuid }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        lineSteps,
        fc.nat(),
        (fresh, repeats, steps, cutAt) => {
          const ids = withRepeats(fresh, repeats);
          const lines = linesOf(steps, ids.length);
          const expected = modelFirstUses(ids, lines);
          // Room for one id to start with: the run, the table and its slots grow many times over.
          const { whole, resumed } = answersThroughSnapshot(ids, lines, cutAt, () => new EventIdSet(1));
          expect(whole).toEqual(expected);
          expect(resumed).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("answers as a Map would for ids in time order with crowded milliseconds and times going back, whatever the run holds of a millisecond", () => {
    fc.assert(
      fc.property(
        timeOrderedIds,
        fc.array(fc.nat(), { maxLength: 60 }),
        lineSteps,
        fc.nat(),
        fc.integer({ min: 1, max: 6 }),
        (fresh, repeats, steps, cutAt, groupLimit) => {
          const ids = withRepeats(fresh, repeats);
          const lines = linesOf(steps, ids.length);
          const expected = modelFirstUses(ids, lines);
          // A millisecond's ids past the first `groupLimit` go to the table; an id whose time goes back is searched for in the run.
          const { whole, resumed } = answersThroughSnapshot(ids, lines, cutAt, () => new EventIdSet(1, groupLimit));
          expect(whole).toEqual(expected);
          expect(resumed).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("lists a snapshot's ids in the order of their lines, run and table merged", () => {
    // Times 5, 5, 5, 3, 6, 4: with room for two ids of a millisecond, the third 5 and the two that go back are in the table.
    const idAt = (time: number, serial: number) => `00000000-000${time}-7000-8000-${serial.toString(16).padStart(12, "0")}`;
    const ids = [idAt(5, 1), idAt(5, 2), idAt(5, 3), idAt(3, 4), idAt(6, 5), idAt(4, 6)];
    const set = new EventIdSet(1, 2);
    ids.forEach((id, index) => expect(set.firstUse(id, 10 * (index + 1))).toBe(0));
    const lines = new Uint32Array(new Uint8Array(Buffer.from(set.toSnapshot().lines, "base64")).buffer);
    expect([...lines]).toEqual([10, 20, 30, 40, 50, 60]);
    ids.forEach((id, index) => expect(set.firstUse(id.toUpperCase(), 99)).toBe(10 * (index + 1)));
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
