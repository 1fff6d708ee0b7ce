// A worker thread of a parallel file replay (parallel-file-replay.ts): it replays one partition
// (partition-run.ts) and posts its messages to the main thread.
import { parentPort, workerData } from "node:worker_threads";
import { replayPartition } from "./partition-run.js";
import type { PartitionWorkerInput, PartitionWorkerMessage } from "./partition-worker-messages.js";

const post = (message: PartitionWorkerMessage) => parentPort?.postMessage(message);

replayPartition(workerData as PartitionWorkerInput, post).catch((thrown: unknown) =>
  post({ kind: "crashed", message: thrown instanceof Error ? thrown.message : String(thrown) }),
);
