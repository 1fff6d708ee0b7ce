import fc from "fast-check";
import { expect, it } from "vitest";
import { EventIdSet, type EventIdSnapshot } from "../src/history/event-id-set.js";

// Version-7-shaped ids (a 48-bit time, the version and variant in place) from a few times and a few
// random parts, so ids repeat, share a millisecond past the group limit, go back in time, come in
// capitals, and have times past 2^47 (a first word past 2^31); the set must answer as a Map of the
// lower-cased ids would, whole and through one or two snapshot round trips.
const h = (n: number, len: number) => n.toString(16).padStart(len, "0").slice(-len);
const idOf = (time: number, rand: number, upper: boolean) => {
  const t = h(time, 12);
  const s = `${t.slice(0, 8)}-${t.slice(8)}-7${h(rand % 4096, 3)}-${h(0x8000 + (rand % 0x3fff), 4)}-${h(rand * 7919, 12)}`;
  return upper ? s.toUpperCase() : s;
};
it("answers as a Map would for v7 ids in crowded, backward and far-future milliseconds, through snapshots", () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 12 }), fc.boolean(), fc.boolean()), { maxLength: 400 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 0, max: 400 }),
      fc.integer({ min: 0, max: 1 }),
      (steps, limit, cutAt, room) => {
        const ids = steps.map(([t, r, up, big]) => idOf(big ? 2 ** 47 + t : t, r, up));
        const model = new Map<string, number>();
        const expected = ids.map((id, i) => {
          const k = id.toLowerCase();
          const e = model.get(k);
          if (e !== undefined) return e;
          model.set(k, i + 1);
          return 0;
        });
        const set = new EventIdSet(room, limit);
        expect(ids.map((id, i) => set.firstUse(id, i + 1))).toEqual(expected);
        const cut = cutAt % (ids.length + 1);
        const first = new EventIdSet(room, limit);
        const before = ids.slice(0, cut).map((id, i) => first.firstUse(id, i + 1));
        const restored = EventIdSet.fromSnapshot(JSON.parse(JSON.stringify(first.toSnapshot())) as EventIdSnapshot)!;
        const after = ids.slice(cut).map((id, i) => restored.firstUse(id, cut + i + 1));
        expect([...before, ...after]).toEqual(expected);
        const twice = EventIdSet.fromSnapshot(JSON.parse(JSON.stringify(restored.toSnapshot())) as EventIdSnapshot)!;
        expect(ids.map((id) => twice.firstUse(id, 99999))).toEqual(ids.map((id) => model.get(id.toLowerCase())));
      },
    ),
    { numRuns: 3000 },
  );
});
