import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { partitionProjection } from "../../src/index.js";
import { everyReadModel } from "../parallel/read-model-set.js";

// A snapshot that does not decode is reported (SNAPSHOT_INVALID, printed by the CLI): the reason
// must name no part of the snapshot's text, which may hold ids, free text or control characters.
// V8's JSON.parse messages quote the text around the fault ("Unexpected token 'J', "Jane Doe..."").

const secret = fc.stringMatching(/^[A-Z][a-z]{5,9}$/);

/** Snapshot text that is not JSON, with the secret where the parser stops or just before. */
const broken = (word: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    word,
    `${word} 9434765919`,
    `{"cases":${word}}`,
    `{"a":"x","b":${word} lives at 1 High Street}`,
    `[["case_1",{"note":"${word}"}]] ${word}`,
    `{"note":"${word}\u001b[2J"}`,
  );

describe("a snapshot that does not decode", () => {
  it("is refused with a reason quoting none of its text, by every read model's codec and a partition's", () => {
    const codecs = [...everyReadModel("all"), partitionProjection(everyReadModel("all"), { partitions: 2, index: 0 })].map(
      (projection) => projection.codec!,
    );
    fc.assert(
      fc.property(
        secret.chain((word) => broken(word).map((text) => ({ word, text }))),
        ({ word, text }) => {
          for (const codec of codecs) {
            const decoded = codec.decode(text);
            expect(E.isLeft(decoded)).toBe(true);
            if (E.isLeft(decoded)) {
              expect(decoded.left).not.toContain(word);
              expect([...decoded.left].some((char) => char.charCodeAt(0) < 0x20 || char === "\u007f")).toBe(false);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
