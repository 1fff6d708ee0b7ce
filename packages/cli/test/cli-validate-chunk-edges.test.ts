import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatHistoryProblem } from "@linkwork/core";
import { checkHistory, HISTORY_CHUNK_BYTES } from "@linkwork/core/store-kit";
import { linkwork, scratchFolder } from "./cli-run.js";

// validate reads a file HISTORY_CHUNK_BYTES at a time; these files put a multi-byte character, an
// invalid UTF-8 sequence and a CRLF exactly across those edges, and validate must give the verdicts
// the checker gives the file handed over whole, in one chunk.
let dir = "";
let remove: () => Promise<void> = async () => undefined;
beforeAll(async () => ({ dir, remove } = await scratchFolder()));
afterAll(() => remove());

/** A line `{"note":"…"}` padded so that `tail` starts `before` bytes ahead of the next chunk edge from `offset`. */
function paddedLine(offset: number, before: number, tail: Buffer): Buffer {
  const head = Buffer.from('{"note":"');
  const end = Buffer.from('"}\n');
  const edge = Math.ceil((offset + head.length + end.length + 8) / HISTORY_CHUNK_BYTES) * HISTORY_CHUNK_BYTES;
  const padding = edge - before - offset - head.length;
  return Buffer.concat([head, Buffer.alloc(padding, "a"), tail, end]);
}

async function verdictsOfWhole(bytes: Buffer): Promise<string[]> {
  const checked = await checkHistory(
    (async function* () {
      yield bytes;
    })(),
  );
  if (checked._tag === "Left") throw new Error(checked.left.message);
  return checked.right.problems.map((problem) => formatHistoryProblem(problem));
}

describe("linkwork validate across chunk edges", () => {
  const tails: [string, Buffer, number][] = [
    ["a 2-byte character", Buffer.from("é"), 1],
    ["a 4-byte character", Buffer.from("😀"), 2],
    ["a 4-byte character", Buffer.from("😀"), 3],
    ["an invalid sequence", Buffer.from([0xe2, 0x28, 0xa1]), 1],
    ["a truncated sequence", Buffer.from([0xf0, 0x9f, 0x98]), 2],
  ];
  for (const [name, tail, before] of tails) {
    it(`gives the whole file's verdicts with ${name} ${before} byte(s) before an edge`, async () => {
      const parts: Buffer[] = [];
      let offset = 0;
      for (let copy = 0; copy < 3; copy++) {
        const line = paddedLine(offset, before, tail);
        parts.push(line);
        offset += line.length;
      }
      const bytes = Buffer.concat(parts);
      await writeFile(join(dir, "edges.ndjson"), bytes);
      const run = await linkwork(dir, ["validate", "--quiet", "edges.ndjson"]);
      const expected = await verdictsOfWhole(bytes);
      expect(expected).toHaveLength(3);
      expect(run.code).toBe(1);
      expect(run.stdout.trimEnd().split("\n").slice(0, -1)).toEqual(expected);
    });
  }
});
