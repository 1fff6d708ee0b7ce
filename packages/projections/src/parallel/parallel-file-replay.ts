import { Worker } from "node:worker_threads";
import * as E from "fp-ts/lib/Either.js";
import { memoryCheckpointStore } from "@linkwork/store-memory";
import type { Projection } from "../projection.js";
import { historyFileSource } from "../runner/projection-source.js";
import { startProjectionRunner, type AnyProjection, type RunnerStatus } from "../runner/projection-runner.js";
import type { RunnerError } from "../runner/runner-error.js";
import { mergePartitions } from "./partition-replay.js";
import { replayPartition } from "./partition-run.js";
import type { PartitionWorkerInput, PartitionWorkerMessage, ProjectionsBuilder } from "./partition-worker-messages.js";

/** A worker thread ended without a result (it crashed or was killed): not a fault of the history. */
export interface WorkerFailed {
  readonly code: "WORKER_FAILED";
  readonly message: string;
}

/** Why a parallel replay ended without states: the history's or the runner's error (as a one-pass replay's), or a worker's. */
export type ParallelReplayError = RunnerError | WorkerFailed;

export interface ParallelFileReplayOptions {
  readonly path: string;
  /** Partitions (1 to {@link MAX_REPLAY_WORKERS}): this thread replays the first, a worker thread each of the others. */
  readonly workers: number;
  /** The read models, as the workers' `build` makes them (same names, same order): merged states are looked up by these. */
  readonly projections: readonly AnyProjection[];
  readonly build: ProjectionsBuilder;
  /** Lines read so far. */
  readonly onProgress?: (events: number) => void;
}

/** The end of a parallel replay, and the merged states once it has ended. */
export interface ParallelFileReplay {
  /** `partitioned`: whether the workers' states were merged (false: the file went one-pass, see startParallelFileReplay). */
  readonly done: Promise<
    | { readonly ok: true; readonly status: RunnerStatus; readonly partitioned: boolean }
    | { readonly ok: false; readonly error: ParallelReplayError }
  >;
  /** A read model's merged state (by identity, as `projections` gave it); undefined until done, or after a failure. */
  state<State>(projection: Projection<State>): State | undefined;
}

/** More workers than cores only adds threads that wait; 64 bounds what a flag can ask for. */
export const MAX_REPLAY_WORKERS = 64;

type Outcome =
  | { readonly kind: "states"; readonly status: RunnerStatus; readonly states: unknown[] }
  | { readonly kind: "one-pass" }
  | { readonly kind: "failed"; readonly error: ParallelReplayError };

/**
 * Replays an NDJSON history file split by person (person-partitions.ts) into `workers` partitions:
 * the first on this thread, each other in a worker thread (node:worker_threads), each replayed the
 * same way (partition-run.ts). Each partition reads the whole file itself and keeps its lines by a
 * scan (partition-lines.ts, no parse): a person's lines and those of their cases, and the reference
 * data, which every partition applies; event ids are checked across partitions by the partition
 * each id hashes to. Each partition parses and checks only its lines with the core's HistoryChecker
 * (`checkAt`: positions as line numbers, its streams' versions and rules), applies them, moves the
 * read models' clock to the other partitions' lines, and posts its states, which merge into the
 * one-pass states (read-models/<name>/merge.ts) on this thread.
 * Whenever anything is not as a valid file in Linkwork's layout has it (a line refused, a
 * duplicate event id, a line the scan cannot read or read differently from the parse, a read model
 * that throws, an unreadable file), the partitions stop and the file is replayed in one pass from the
 * start: so the verdict, and the states, are always a one-pass replay's (docs/projections.md,
 * "Partitioned replay").
 */
export function startParallelFileReplay(options: ParallelFileReplayOptions): ParallelFileReplay {
  const { workers } = options;
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_REPLAY_WORKERS) {
    throw new RangeError(`workers must be a whole number from 1 to ${String(MAX_REPLAY_WORKERS)}, got ${String(workers)}`);
  }
  let merged: unknown[] | null = null;
  const done = partitioned(options).then(async (outcome) => {
    switch (outcome.kind) {
      case "states":
        merged = outcome.states;
        return { ok: true as const, status: outcome.status, partitioned: true };
      case "failed":
        return { ok: false as const, error: outcome.error };
      case "one-pass": {
        const result = await onePass(options);
        if (result.ok) merged = mergePartitions(options.projections, [result.states]);
        return result.ok ? { ok: true as const, status: result.status, partitioned: false } : result;
      }
    }
  });
  return {
    done,
    state<State>(projection: Projection<State>): State | undefined {
      const index = options.projections.indexOf(projection);
      return index === -1 || merged === null ? undefined : (merged[index] as State);
    },
  };
}

/** The file replayed in one pass on this thread, as `linkwork replay` without workers does. */
async function onePass(
  options: ParallelFileReplayOptions,
): Promise<
  | { readonly ok: true; readonly status: RunnerStatus; readonly states: unknown[] }
  | { readonly ok: false; readonly error: ParallelReplayError }
> {
  const onProgress = options.onProgress;
  const runner = startProjectionRunner({
    source: historyFileSource(options.path),
    projections: options.projections,
    checkpoints: memoryCheckpointStore(),
    snapshots: false,
    ...(onProgress === undefined ? {} : { onProgress: (events: number) => onProgress(events) }),
  });
  const done = await runner.done;
  if (E.isLeft(done)) return { ok: false, error: done.left };
  // The runner's states, in the projections' order (their own types: `never` is how AnyProjection has them).
  return { ok: true, status: done.right, states: options.projections.map((projection) => runner.state(projection as Projection<never>)) };
}

/**
 * Resolves with the first outcome of the replay's partitions: all their states, one-pass, or a
 * failure. Partition 0 is replayed on this thread, after the worker threads of the others are
 * started: the thread would otherwise only wait, and its partition needs no thread, isolate or module
 * loader of its own to start (about 0.4 s of CPU a worker, docs/projections.md).
 */
async function partitioned(options: ParallelFileReplayOptions): Promise<Outcome> {
  const count = options.workers;
  const workers: Worker[] = [];
  try {
    return await new Promise<Outcome>((resolve) => {
      const states: (readonly unknown[] | null)[] = Array.from({ length: count }, () => null);
      const lines: number[] = [];
      let ended = false;
      const end = (outcome: Outcome) => {
        if (ended) return;
        ended = true;
        resolve(outcome);
      };
      const failed = (index: number, message: string) =>
        end({ kind: "failed", error: { code: "WORKER_FAILED", message: `replay partition ${String(index + 1)} failed: ${message}` } });
      const receive = (index: number, message: PartitionWorkerMessage) => {
        switch (message.kind) {
          case "progress":
            if (!ended) options.onProgress?.(message.lines);
            return;
          case "one-pass":
            end({ kind: "one-pass" });
            return;
          case "done":
            states[index] = message.states;
            lines[index] = message.lines;
            {
              const done = states.filter((state): state is readonly unknown[] => state !== null);
              if (done.length < count) return;
              // Every partition read the same file: a different count (a file changed while read) or none goes one-pass.
              const read = lines[0]!;
              if (read === 0 || lines.some((other) => other !== read)) end({ kind: "one-pass" });
              else end({ kind: "states", status: finished(read), states: mergePartitions(options.projections, done) });
            }
            return;
          case "crashed":
            failed(index, message.message);
            return;
        }
      };
      for (let index = 1; index < count; index += 1) {
        const worker = startWorker({ path: options.path, partitions: count, index, build: options.build });
        workers.push(worker);
        worker.on("message", (message: PartitionWorkerMessage) => receive(index, message));
        worker.on("error", (thrown) => failed(index, thrown.message));
        worker.on("exit", (code) => {
          if (states[index] === null) failed(index, `its worker exited (code ${String(code)}) before it finished`);
        });
      }
      const post = (message: PartitionWorkerMessage) => receive(0, message);
      replayPartition({ path: options.path, partitions: count, index: 0, build: options.build }, post).catch((thrown: unknown) =>
        post({ kind: "crashed", message: thrown instanceof Error ? thrown.message : String(thrown) }),
      );
    });
  } finally {
    // A worker still reading when another partition diverged is stopped here.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** The status of a replay that applied every one of the file's `lines` lines. */
function finished(lines: number): RunnerStatus {
  return { phase: "finished", caughtUp: true, position: BigInt(lines), eventsApplied: lines, duplicatesSkipped: 0, failures: 0 };
}

/**
 * The worker: its build, or under tsx (tests, the workspace) its TypeScript source, started by a
 * bootstrap that registers tsx in the worker's own thread (a worker does not inherit the parent's
 * loader) with the source export condition.
 */
function startWorker(input: PartitionWorkerInput): Worker {
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./partition-worker.js", import.meta.url), { workerData: input });
  const tsx = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./partition-worker.ts", import.meta.url).href;
  const bootstrap = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(worker)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), {
    workerData: input,
    execArgv: ["--conditions=@linkwork/source"],
  });
}
