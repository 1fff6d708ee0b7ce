// A worker thread of a parallel file replay (parallel-file-replay.ts): it reads and checks the whole
// history file with the runner's file source, applies its partition's events (and only the clock of
// the others) to the read models its `build` module makes, then posts their states back.
import { parentPort, workerData } from "node:worker_threads";
import type { Projection } from "../projection.js";
import { historyFileSource } from "../runner/projection-source.js";
import { startProjectionRunner, type AnyProjection } from "../runner/projection-runner.js";
import { discardedCheckpoints } from "./discarded-checkpoints.js";
import { partitionReplay } from "./partition-replay.js";
import { personPartitioner } from "./person-partitions.js";
import type { PartitionWorkerInput, PartitionWorkerMessage } from "./partition-worker-messages.js";

const input = workerData as PartitionWorkerInput;
const post = (message: PartitionWorkerMessage) => parentPort?.postMessage(message);

async function main(): Promise<void> {
  const module = (await import(input.build.module)) as Record<string, (argument: unknown) => readonly AnyProjection[]>;
  const build = module[input.build.name];
  if (build === undefined) throw new Error(`${input.build.module} exports no ${input.build.name}`);
  const projections = build(input.build.input);
  const replay = partitionReplay(projections, personPartitioner(input.partitions), input.index);
  // One projection for the runner, holding the partition's replay: the runner reads and checks the file as for a one-pass replay.
  const partition: Projection<null> = {
    name: `partition-${String(input.index)}`,
    version: 1,
    initialState: () => null,
    apply: (state, event) => {
      replay.next(event);
      return state;
    },
  };
  const runner = startProjectionRunner({
    source: historyFileSource(input.path),
    projections: [partition],
    checkpoints: discardedCheckpoints(),
    snapshots: false,
    onProgress: (events) => post({ kind: "progress", events }),
  });
  const done = await runner.done;
  if (done._tag === "Left") {
    post({ kind: "failed", error: done.left });
    return;
  }
  post({ kind: "done", status: done.right, states: replay.states() });
}

main().catch((thrown: unknown) => post({ kind: "crashed", message: thrown instanceof Error ? thrown.message : String(thrown) }));
