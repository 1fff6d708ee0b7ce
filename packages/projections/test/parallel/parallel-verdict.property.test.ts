// A parallel replay's verdict and states are a one-pass replay's, for valid files and for files
// spoiled in the ways the partitioned path must notice (and then hand to the one-pass replay).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatHistoryLine } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import { memoryCheckpointStore } from "@linkwork/store-memory";
import { historyFileSource, startProjectionRunner } from "../../src/index.js";
import { mergePartitions } from "../../src/parallel/partition-replay.js";
import { startParallelFileReplay } from "../../src/parallel/parallel-file-replay.js";
import { recordedHistory } from "../read-models/read-model-history.js";
import { everyReadModel } from "./read-model-set.js";

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "linkwork-parallel-verdict-"));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** How a file is spoiled: each either refused by the one checker, or valid but not in Linkwork's layout. */
type Spoil =
  | "none"
  | "junk-line"
  | "duplicate-line"
  | "swapped-lines"
  | "reordered-keys"
  | "dropped-line"
  | "wrong-position"
  | "duplicate-id-other-case"
  | "escaped-character"
  | "crlf-line"
  | "blank-line"
  | "no-final-newline"
  | "not-utf8";

const SPOILS: readonly Spoil[] = [
  "none",
  "junk-line",
  "duplicate-line",
  "swapped-lines",
  "reordered-keys",
  "dropped-line",
  "wrong-position",
  "duplicate-id-other-case",
  "escaped-character",
  "crlf-line",
  "blank-line",
  "no-final-newline",
  "not-utf8",
];

/** A byte that is never UTF-8, marked in the text by this character (no line holds it) and written as 0xFF. */
const NOT_UTF8 = "\u0001";

function spoil(lines: string[], how: Spoil, pick: number): string[] {
  const at = pick % lines.length;
  const next = [...lines];
  switch (how) {
    case "none":
      return next;
    case "junk-line":
      next[at] = '{"position":"1","streamId":"case-x"';
      return next;
    case "duplicate-line":
      // The same event again at the end, renumbered: a duplicate event id, maybe across partitions.
      next.push(lines[at]!.replace(/^\{"position":"[0-9]+"/, `{"position":"${String(lines.length + 1)}"`));
      return next;
    case "swapped-lines": {
      const other = (at + 1) % lines.length;
      [next[at], next[other]] = [next[other]!, next[at]!];
      return next;
    }
    case "reordered-keys":
      next[at] = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(lines[at]!) as object).reverse()));
      return next;
    case "dropped-line":
      next.splice(at, 1);
      return next;
    case "wrong-position":
      next[at] = lines[at]!.replace(/^\{"position":"[0-9]+"/, '{"position":"999999"');
      return next;
    case "duplicate-id-other-case": {
      // Another line takes this line's event id in capitals: the same id to the checker, maybe in another partition.
      const id = /"eventId":"([^"]+)"/.exec(lines[at]!)![1]!;
      const other = (at + 1) % lines.length;
      next[other] = lines[other]!.replace(/"eventId":"[^"]+"/, `"eventId":"${id.toUpperCase()}"`);
      return next;
    }
    case "escaped-character":
      // The same event, its stream id's first character escaped: valid JSON, not in Linkwork's layout.
      next[at] = lines[at]!.replace(
        /"streamId":"(.)/,
        (_, first: string) => `"streamId":"\\u${first.charCodeAt(0).toString(16).padStart(4, "0")}`,
      );
      return next;
    case "crlf-line":
      next[at] = `${lines[at]!}\r`;
      return next;
    case "blank-line":
      next.splice(at, 0, "");
      return next;
    case "no-final-newline":
      return next;
    case "not-utf8":
      next[at] = lines[at]!.replace('"data":{', `"data":{"x${NOT_UTF8}":0,`);
      return next;
  }
}

/** The file's bytes: the lines, each ended by "\n" (but the last when `how` says so), the marked byte as 0xFF. */
function fileBytes(lines: readonly string[], how: Spoil): Uint8Array {
  const text = `${lines.join("\n")}${how === "no-final-newline" ? "" : "\n"}`;
  const bytes = Buffer.from(text, "utf8");
  return how === "not-utf8" ? bytes.map((byte) => (byte === 1 ? 0xff : byte)) : bytes;
}

describe("a parallel replay's verdict", () => {
  it("is a one-pass replay's, with its states, for valid and spoiled files", async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 3, max: 8 }, comparisonPeople: { min: 0, max: 2 } }),
        fc.constantFrom(...SPOILS),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        async (history, how, pick, workers) => {
          const events = await recordedHistory(history.commands, history.policy);
          const lines = events.map((recorded, index) => formatHistoryLine(recorded, BigInt(index + 1)));
          const path = join(folder, `history-${String((file += 1))}.ndjson`);
          await writeFile(path, fileBytes(spoil(lines, how, pick), how));

          const projections = everyReadModel(30);
          const runner = startProjectionRunner({
            source: historyFileSource(path),
            projections,
            checkpoints: memoryCheckpointStore(),
            snapshots: false,
          });
          const single = await runner.done;
          const build = { module: new URL("./read-model-set.ts", import.meta.url).href, name: "everyReadModel", input: 30 };
          const parallelProjections = everyReadModel(30);
          const replay = startParallelFileReplay({ path, workers, projections: parallelProjections, build });
          const parallel = await replay.done;

          if (E.isLeft(single)) {
            expect(parallel).toEqual({ ok: false, error: single.left });
            return;
          }
          expect(parallel).toMatchObject({ ok: true, status: single.right });
          // Only a file in Linkwork's layout is divided; anything else went one-pass.
          if (how === "none" || how === "no-final-newline") expect(parallel).toMatchObject({ partitioned: true });
          const canonical = mergePartitions(projections, [projections.map((projection) => runner.state(projection as never))]);
          parallelProjections.forEach((projection, index) =>
            expect(replay.state(projection as never), projection.name).toEqual(canonical[index]),
          );
        },
      ),
      { numRuns: 26 },
    );
  }, 300_000);
});
