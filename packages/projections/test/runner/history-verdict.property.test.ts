import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHistory, parseHistoryLine, writeHistoryFile, type EventStore, type HistoryProblemCode } from "@linkwork/core";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";
import { historyFileSource, readAllSource, startProjectionRunner, subscriptionSource, type ProjectionSource } from "../../src/index.js";
import { recordCaseload } from "./runner-caseload.js";
import { tallyProjection, type Tally } from "./runner-fixtures.js";

/**
 * Files as real exports go wrong, made from valid histories by mutation: every reader (validate,
 * which is an import in report mode; a strict import; a file replay) must give one verdict, the
 * same first line and code; where the file stays valid, the replay and the import must hold the
 * same events. And a store holding what survives of such a file (each line that reads on its own,
 * appended as it comes, so the store may hold a lifecycle broken, time going backwards, an id in two
 * streams) gets from a store replay, in one run or resumed after a stop, the verdict a file replay
 * of its export gets. `pnpm fuzz` runs many more cases (FUZZ_RUNS).
 */
const runs = Number(process.env.FUZZ_RUNS ?? 60);

let directory = "";
let base: Buffer = Buffer.alloc(0);
let other: Buffer = Buffer.alloc(0);
let caseNumber = 0;

async function historyBytes(seed: number): Promise<Buffer> {
  const store = memoryEventStore();
  await recordCaseload(store, { people: 5, rounds: 1, seed });
  const path = join(directory, `base-${seed}.ndjson`);
  const written = await writeHistoryFile(store, path);
  if (E.isLeft(written)) throw new Error(written.left.message);
  return readFile(path);
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "linkwork-verdict-"));
  base = await historyBytes(31);
  other = await historyBytes(32);
});
afterAll(() => rm(directory, { recursive: true, force: true }));

type Mutation =
  | { readonly kind: "duplicate"; readonly from: number; readonly to: number }
  | { readonly kind: "drop"; readonly at: number }
  | { readonly kind: "swap"; readonly at: number; readonly with: number }
  | { readonly kind: "join"; readonly itself: boolean }
  | { readonly kind: "flip"; readonly at: number; readonly mask: number }
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "insert"; readonly at: number; readonly bytes: readonly number[] };

/** Byte runs real files hold by accident or by attack: not UTF-8, control characters, separators. */
const strayBytes = fc.constantFrom<readonly number[]>(
  [0xff],
  [0xc3],
  [0x80],
  [0xed, 0xa0, 0x80],
  [0x1b, 0x5b, 0x32, 0x4a],
  [0x0d],
  [0x0a],
  [0x00],
  [0xe2, 0x80, 0xa8],
  [0xe2, 0x80, 0xae],
  [0x22],
  [0x7d],
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("duplicate" as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant("join" as const), itself: fc.boolean() }),
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bytes: strayBytes }),
);

/** Lines with their line ends, so line mutations keep the rest of the file as it was. */
function linesOf(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, start)) {
    lines.push(bytes.subarray(start, at + 1));
    start = at + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

function mutate(bytes: Buffer, change: Mutation): Buffer {
  const lines = linesOf(bytes);
  const line = (n: number) => n % Math.max(1, lines.length);
  switch (change.kind) {
    case "duplicate":
      lines.splice(line(change.to), 0, lines[line(change.from)] ?? Buffer.alloc(0));
      return Buffer.concat(lines);
    case "drop":
      lines.splice(line(change.at), 1);
      return Buffer.concat(lines);
    case "swap": {
      if (lines.length === 0) return bytes;
      const [a, b] = [line(change.at), line(change.with)];
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return Buffer.concat(lines);
    }
    case "join":
      return Buffer.concat([bytes, change.itself ? bytes : other]);
    case "flip": {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      const at = change.at % copy.length;
      copy[at] = copy[at]! ^ change.mask;
      return copy;
    }
    case "truncate":
      return bytes.subarray(0, change.at % (bytes.length + 1));
    case "insert": {
      const at = change.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(change.bytes), bytes.subarray(at)]);
    }
  }
}

/** A reader's verdict: the first refused line and its code, or "valid". */
type Verdict = "valid" | { readonly line: number; readonly code: HistoryProblemCode };

async function strictImport(bytes: Buffer, store: EventStore): Promise<Verdict> {
  const imported = await importHistory(Readable.from([bytes]), store, { mode: "strict" });
  if (E.isRight(imported)) return "valid";
  if (imported.left.code !== "LINE_REJECTED") throw new Error(`import: ${imported.left.message}`);
  return { line: imported.left.problem.line, code: imported.left.problem.code };
}

async function validated(bytes: Buffer): Promise<Verdict> {
  const imported = await importHistory(Readable.from([bytes]), memoryEventStore(), { mode: "report" });
  if (E.isLeft(imported)) throw new Error(`validate: ${imported.left.message}`);
  const first = imported.right.problems[0];
  return first === undefined ? "valid" : { line: first.line, code: first.code };
}

async function replayed(source: ProjectionSource): Promise<{ readonly verdict: Verdict; readonly tally: Tally | undefined }> {
  const tally = tallyProjection({ codec: false });
  const runner = startProjectionRunner({ source, projections: [tally], checkpoints: memoryCheckpointStore(), onError: "stop" });
  const done = await runner.done;
  if (E.isRight(done)) return { verdict: "valid", tally: runner.state(tally) };
  if (done.left.code !== "LINE_INVALID" && done.left.code !== "EVENT_INVALID") throw new Error(`replay: ${done.left.message}`);
  return { verdict: { line: done.left.problem.line, code: done.left.problem.code }, tally: undefined };
}

/** The lines of a file that read on their own, appended to a memory store as they come (it numbers each stream's versions itself). */
async function storeOfSurvivors(bytes: Buffer): Promise<EventStore> {
  const store = memoryEventStore();
  const texts = bytes.toString("utf8").split("\n");
  for (const [index, text] of texts.entries()) {
    const parsed = parseHistoryLine(text, index + 1);
    if (E.isRight(parsed)) {
      const appended = await store.append(parsed.right.streamId, [parsed.right.event], "any");
      if (E.isLeft(appended)) throw new Error(`append: ${appended.left.message}`);
    }
  }
  return store;
}

/**
 * A store replay stopped after `stopAfter` batches (never, for 0) and resumed on the same
 * checkpoints: the verdict of the run that ends, and the tally of a resumed run that finishes.
 */
async function storeReplayed(
  source: ProjectionSource,
  stopAfter: number,
): Promise<{ readonly verdict: Verdict; readonly tally: Tally | undefined }> {
  const checkpoints = memoryCheckpointStore();
  const tally = tallyProjection();
  for (let run = 0; ; run++) {
    let batches = 0;
    const stopping = run === 0 && stopAfter > 0;
    const runner = startProjectionRunner({
      source,
      projections: [tally],
      checkpoints,
      onError: "stop",
      batchSize: 3,
      onProgress: () => {
        if (stopping && ++batches === stopAfter) void runner.stop();
      },
    });
    await runner.waitUntilCaughtUp();
    const done = await runner.stop();
    if (E.isLeft(done)) {
      if (done.left.code !== "EVENT_INVALID") throw new Error(`store replay: ${done.left.message}`);
      return { verdict: { line: done.left.problem.line, code: done.left.problem.code }, tally: undefined };
    }
    if (!stopping || done.right.caughtUp) return { verdict: "valid", tally: runner.state(tally) };
  }
}

describe("one verdict for every reader of a history", () => {
  it(
    "validate, import and file replay refuse the same first line with the same code, or all accept the same events; a store of what survives gets the verdict of its export, resumed or not",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(mutation, { minLength: 1, maxLength: 3 }),
          fc.nat({ max: 6 }),
          fc.boolean(),
          async (changes, stopAfter, subscribed) => {
            const bytes = changes.reduce(mutate, base);
            const path = join(directory, `case-${++caseNumber}.ndjson`);
            await writeFile(path, bytes);
            const store = memoryEventStore();
            const imported = await strictImport(bytes, store);
            const fromFile = await replayed(historyFileSource(path));
            expect(await validated(bytes)).toEqual(imported);
            expect(fromFile.verdict).toEqual(imported);
            if (imported === "valid") expect(fromFile.tally).toEqual((await replayed(readAllSource(store))).tally);
            await rm(path);

            const survivors = await storeOfSurvivors(bytes);
            const exported = join(directory, `export-${caseNumber}.ndjson`);
            const written = await writeHistoryFile(survivors, exported);
            if (E.isLeft(written)) throw new Error(written.left.message);
            const ofExport = await replayed(historyFileSource(exported));
            const fromStore = await storeReplayed(subscribed ? subscriptionSource(survivors) : readAllSource(survivors), stopAfter);
            expect(fromStore.verdict).toEqual(ofExport.verdict);
            // The memory store numbers positions 1..n, as the export numbers its lines.
            expect(fromStore.tally).toEqual(ofExport.tally);
            await rm(exported);
          },
        ),
        { numRuns: runs },
      );
    },
    Math.max(60_000, runs * 100),
  );
});
