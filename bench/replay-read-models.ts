import * as E from "fp-ts/lib/Either.js";
import { memoryCheckpointStore } from "../packages/store-memory/src/index.js";
import { historyFileSource, startProjectionRunner } from "../packages/projections/src/index.js";
import { allReadModels } from "./read-model-set.js";

/** A one-pass replay of the file through every read model, as the CLI's replay runs it (file source, no snapshots), no reports made. */
export async function replayReadModels(path: string): Promise<void> {
  const runner = startProjectionRunner({
    source: historyFileSource(path),
    projections: allReadModels(),
    checkpoints: memoryCheckpointStore(),
    snapshots: false,
  });
  const done = await runner.done;
  if (E.isLeft(done)) throw new Error(`bench: replay failed: ${done.left.message}`);
}
