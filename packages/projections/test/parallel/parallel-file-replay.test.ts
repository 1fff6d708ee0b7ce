import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkwork, writeHistoryFile } from "@linkwork/core";
import { arbitraryHistory } from "@linkwork/core/testing";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";
import * as E from "fp-ts/lib/Either.js";

import { historyFileSource, startProjectionRunner, type AnyProjection } from "../../src/index.js";
import { mergePartitions } from "../../src/parallel/partition-replay.js";
import { startParallelFileReplay } from "../../src/parallel/parallel-file-replay.js";
import { everyReadModel } from "./read-model-set.js";

let folder: string;
let path: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "linkwork-parallel-"));
  path = join(folder, "history.ndjson");
  // A generated history of a dozen people over a year or two, with usage, comparison people and folding at 30 days.
  const history = fc.sample(arbitraryHistory({ cases: { min: 12, max: 12 }, comparisonPeople: { min: 3, max: 3 } }), {
    numRuns: 1,
    seed: 11,
  })[0]!;
  const store = memoryEventStore();
  const app = linkwork(store, { policy: history.policy, clock: () => Date.parse("2031-01-01T00:00:00Z") });
  for (const command of history.commands) {
    const handled = await app.handle(command);
    if (E.isLeft(handled)) throw new Error(handled.left.message);
  }
  const written = await writeHistoryFile(store, path);
  if (E.isLeft(written)) throw new Error(written.left.message);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function onePassStates(projections: readonly AnyProjection[]): Promise<unknown[]> {
  const runner = startProjectionRunner({
    source: historyFileSource(path),
    projections,
    checkpoints: memoryCheckpointStore(),
    snapshots: false,
  });
  const done = await runner.done;
  if (E.isLeft(done)) throw new Error(done.left.message);
  return projections.map((projection) => runner.state(projection as never));
}

describe("parallel replay of a history file in worker threads", () => {
  it.each([1, 2, 3])(
    "with %i workers gives the one-pass states of every read model",
    async (workers) => {
      const build = { module: new URL("./read-model-set.ts", import.meta.url).href, name: "everyReadModel", input: 30 };
      const projections = everyReadModel(30);
      const replay = startParallelFileReplay({ path, workers, projections, build });
      const done = await replay.done;
      // A file as Linkwork writes it is divided between the workers, not replayed one-pass.
      expect(done).toMatchObject({ ok: true, partitioned: true });
      const single = await onePassStates(everyReadModel(30));
      const canonical = mergePartitions(projections, [single]);
      projections.forEach((projection, index) => expect(replay.state(projection as never), projection.name).toEqual(canonical[index]));
    },
    60_000,
  );

  it("fails with the history's own error when a line is refused, as a one-pass replay does", async () => {
    const bad = join(folder, "bad.ndjson");
    const { writeFile } = await import("node:fs/promises");
    await writeFile(bad, "not json\n");
    const projections = everyReadModel(30);
    const build = { module: new URL("./read-model-set.ts", import.meta.url).href, name: "everyReadModel", input: 30 };
    const done = await startParallelFileReplay({ path: bad, workers: 2, projections, build }).done;
    expect(done).toMatchObject({ ok: false, error: { code: "LINE_INVALID", line: 1 } });
  }, 60_000);

  it("refuses a number of workers that is not a whole number from 1 to 64", () => {
    const build = { module: "unused", name: "unused", input: null };
    expect(() => startParallelFileReplay({ path, workers: 0, projections: [], build })).toThrow(RangeError);
    expect(() => startParallelFileReplay({ path, workers: 1.5, projections: [], build })).toThrow(/whole number/);
  });
});
