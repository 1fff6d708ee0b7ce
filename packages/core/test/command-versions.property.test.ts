import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CommandVersions, commandIdHash } from "../src/store/command-versions.js";

/**
 * A stream's commands in order, each beginning at its own version (an id may come back: a repeat
 * the store holds twice), and the prefix a second, concurrent fold notes again.
 */
const streams = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom("a", "b", "c", "d", "cmd-1", "cmd-2"), fc.integer({ min: 1, max: 3 })), { maxLength: 60 }),
    fc.nat(),
  )
  .map(([commands, refolded]) => {
    const noted: (readonly [string, number])[] = [];
    let version = 0;
    for (const [id, events] of commands) {
      noted.push([id, version + 1]);
      version += events;
    }
    return [...noted, ...noted.slice(0, refolded % (noted.length + 1))];
  });

/** The plain reference: each id's versions, first noted first, each once. */
function reference(noted: readonly (readonly [string, number])[]): Map<string, number[]> {
  const plain = new Map<string, number[]>();
  for (const [id, version] of noted) {
    const versions = plain.get(id) ?? [];
    if (!versions.includes(version)) versions.push(version);
    plain.set(id, versions);
  }
  return plain;
}

describe("command versions kept by hash", () => {
  it("names every version an id was noted at, in order, whatever the hash (ids sharing one included)", () => {
    const hashes = [commandIdHash, (id: string) => id.length % 2, () => 7];
    fc.assert(
      fc.property(streams, fc.constantFrom(0, 1, 2), (noted, which) => {
        const versions = new CommandVersions(hashes[which]);
        for (const [id, version] of noted) versions.add(id, version);
        for (const [id, expected] of reference(noted)) {
          const candidates = versions.candidates(id);
          // Every version of the id, once each, in the order noted; others only where a hash is shared.
          expect(candidates.filter((version) => expected.includes(version))).toEqual(expected);
          expect(new Set(candidates).size).toBe(candidates.length);
        }
        if (which === 0) for (const [id, expected] of reference(noted)) expect(versions.candidates(id)).toEqual(expected);
      }),
    );
  });

  it("names nothing for an id never noted under the real hash", () => {
    const versions = new CommandVersions();
    versions.add("8d8f0c1e-1f7b-4a7e-9a57-3f3c2b1a0d9e", 3);
    expect(versions.candidates("8d8f0c1e-1f7b-4a7e-9a57-3f3c2b1a0d9f")).toEqual([]);
    expect(Number.isSafeInteger(commandIdHash("x"))).toBe(true);
    expect(commandIdHash("x")).toBeLessThan(2 ** 30);
  });
});
