import { describe, expect, it } from "vitest";
import { UuidTable, uuidHash } from "../src/history/uuid-table.js";

// The table holds what EventIdSet's run cannot, among them every id past a crowded millisecond's
// first 64, so a file can put as many ids as it likes there. Ids crafted to share one hash (or one
// slot) would make each new id probe past all the others: a million-line file would take hours.
// These ids all lie in one millisecond, with the random words chosen so that a hash built from
// `d ^ (c >>> 7)` and `a ^ b` (the table's first hash) gives them all the same value.
const a = 0x0193_8a1b;
const b = 0x2c4d_7abc;
const crafted = Array.from({ length: 4096 }, (_, index) => {
  const c = (0x8000_0000 | (index << 7)) >>> 0;
  return [a, b, c, (0x1234_5678 ^ (c >>> 7)) >>> 0] as const;
});
/** The same number of ids differing only in their highest bits, which a multiply carries to no lower bit. */
const highBits = Array.from(
  { length: 4096 },
  (_, index) => [a, b, (0x8000_0000 | ((index & 63) << 24)) >>> 0, ((index >>> 6) << 26) >>> 0] as const,
);

describe("UuidTable's hash", () => {
  for (const [name, ids] of [
    ["ids crafted for a hash of d ^ (c >>> 7)", crafted],
    ["ids differing in their high bits only", highBits],
  ] as const) {
    it(`spreads ${name} over hashes and slots as random ids would`, () => {
      const hashes = ids.map(([w0, w1, w2, w3]) => uuidHash(w0, w1, w2, w3));
      expect(hashes.every((hash) => hash !== 0)).toBe(true);
      // 4,096 random 32-bit values nearly never repeat; over 4,096 slots they fill about 63% (1 - 1/e).
      expect(new Set(hashes).size).toBeGreaterThan(4090);
      expect(new Set(hashes.map((hash) => hash & 4095)).size).toBeGreaterThan(2400);
    });

    it(`answers the first line of ${name} as a Map would`, () => {
      const table = new UuidTable(4);
      ids.forEach(([w0, w1, w2, w3], index) => expect(table.firstUse(w0, w1, w2, w3, index + 1)).toBe(0));
      ids.forEach(([w0, w1, w2, w3], index) => expect(table.firstUse(w0, w1, w2, w3, 99_999)).toBe(index + 1));
      expect(table.size).toBe(ids.length);
    });
  }
});
