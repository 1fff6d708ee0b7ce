// Linkwork positions over EventStoreDB keep both halves of the server's (commit, prepare) and
// compare as the pair does; positions saved before both halves were kept read back as they meant.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparePositions, globalPositionOf, isRecordPosition, noPosition, serverPositionOf } from "../src/global-position.js";

const uint64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const position = fc.record({ commit: uint64, prepare: uint64 });

describe("global positions over EventStoreDB", () => {
  it("keep commit and prepare, for any record position with a commit past 0", () => {
    fc.assert(
      fc.property(
        position.filter((p) => p.commit > 0n),
        (p) => {
          expect(serverPositionOf(globalPositionOf(p))).toEqual(p);
        },
      ),
    );
  });

  it("order as (commit, prepare) does, so events sharing a commit position stay apart and in order", () => {
    fc.assert(
      fc.property(position, position, (a, b) => {
        const sign = Math.sign(comparePositions(a, b));
        const encoded = globalPositionOf(a) === globalPositionOf(b) ? 0 : globalPositionOf(a) < globalPositionOf(b) ? -1 : 1;
        expect(encoded).toBe(sign);
      }),
    );
  });

  it("read a position saved as the commit alone as that commit in both halves", () => {
    fc.assert(
      fc.property(uint64, (commit) => {
        expect(serverPositionOf(commit)).toEqual({ commit, prepare: commit });
      }),
    );
  });

  it("never take the server's 'no position' as a record's", () => {
    expect(isRecordPosition({ commit: noPosition, prepare: noPosition })).toBe(false);
    expect(isRecordPosition({ commit: noPosition, prepare: 10n })).toBe(false);
    expect(isRecordPosition({ commit: 4096n, prepare: 4000n })).toBe(true);
  });
});
