import { Worker } from "node:worker_threads";
import type { Projection } from "../projection.js";
import type { AnyProjection, RunnerStatus } from "../runner/projection-runner.js";
import type { RunnerError } from "../runner/runner-error.js";
import { mergePartitions } from "./partition-replay.js";
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
  /** Worker threads, one partition each (1 to {@link MAX_REPLAY_WORKERS}). */
  readonly workers: number;
  /** The read models, as the workers' `build` makes them (same names, same order): merged states are looked up by these. */
  readonly projections: readonly AnyProjection[];
  readonly build: ProjectionsBuilder;
  /** Events read so far (by the first worker: every worker reads the whole file). */
  readonly onProgress?: (events: number) => void;
}

/** The end of a parallel replay, and the merged states once it has ended. */
export interface ParallelFileReplay {
  readonly done: Promise<
    { readonly ok: true; readonly status: RunnerStatus } | { readonly ok: false; readonly error: ParallelReplayError }
  >;
  /** A read model's merged state (by identity, as `projections` gave it); undefined until done, or after a failure. */
  state<State>(projection: Projection<State>): State | undefined;
}

/** More workers than cores only adds threads that wait; 64 bounds what a flag can ask for. */
export const MAX_REPLAY_WORKERS = 64;

/**
 * Replays an NDJSON history file in `workers` worker threads (node:worker_threads), split by person
 * (person-partitions.ts): each worker reads and checks the whole file with the runner's file source
 * (the one verdict every reader gives), applies its partition's events and the shared clock of the
 * others, and sends back its read models' states; they merge into the one-pass states
 * (read-models/<name>/merge.ts). The reports are those of a one-pass replay (docs/projections.md,
 * "Partitioned replay"). The whole file is parsed and checked by every worker: only applying events
 * to the read models is divided (about a fifth to a quarter of a replay's CPU time, measured on a
 * 10-PCN year), so two workers gain far less than two-fold until the checker is divided too. The
 * first worker to fail ends the others, and its error is the replay's.
 */
export function startParallelFileReplay(options: ParallelFileReplayOptions): ParallelFileReplay {
  const { workers } = options;
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_REPLAY_WORKERS) {
    throw new RangeError(`workers must be a whole number from 1 to ${String(MAX_REPLAY_WORKERS)}, got ${String(workers)}`);
  }
  let merged: unknown[] | null = null;
  const running: Worker[] = [];
  let firstFailure: ParallelReplayError | null = null;
  const failed = (error: ParallelReplayError) => {
    if (firstFailure !== null) return;
    firstFailure = error;
    for (const worker of running) void worker.terminate();
  };
  const threads = Array.from({ length: workers }, (_, index) => runPartition(options, index, running, failed));
  const done = Promise.all(threads).then((results) => {
    const failure: ParallelReplayError | null = firstFailure;
    if (failure !== null) return { ok: false as const, error: failure };
    const finished = results.flatMap((result) => (result.ok ? [result] : []));
    merged = mergePartitions(
      options.projections,
      finished.map((result) => result.states),
    );
    // Every worker read the same file; the first one's status is the run's.
    return { ok: true as const, status: finished[0]!.status };
  });
  return {
    done,
    state<State>(projection: Projection<State>): State | undefined {
      const index = options.projections.indexOf(projection);
      return index === -1 || merged === null ? undefined : (merged[index] as State);
    },
  };
}

type PartitionResult =
  | { readonly ok: true; readonly status: RunnerStatus; readonly states: readonly unknown[] }
  | { readonly ok: false; readonly error: ParallelReplayError };

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

function runPartition(
  options: ParallelFileReplayOptions,
  index: number,
  running: Worker[],
  failed: (error: ParallelReplayError) => void,
): Promise<PartitionResult> {
  const input: PartitionWorkerInput = { path: options.path, partitions: options.workers, index, build: options.build };
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: PartitionResult) => {
      if (settled) return;
      settled = true;
      if (!result.ok) failed(result.error);
      resolve(result);
      void worker.terminate();
    };
    const worker = startWorker(input);
    running.push(worker);
    worker.on("message", (message: PartitionWorkerMessage) => {
      switch (message.kind) {
        case "progress":
          if (index === 0) options.onProgress?.(message.events);
          return;
        case "done":
          settle({ ok: true, status: message.status, states: message.states });
          return;
        case "failed":
          settle({ ok: false, error: message.error });
          return;
        case "crashed":
          settle({ ok: false, error: { code: "WORKER_FAILED", message: `replay worker ${String(index + 1)} failed: ${message.message}` } });
          return;
      }
    });
    worker.on("error", (thrown) =>
      settle({ ok: false, error: { code: "WORKER_FAILED", message: `replay worker ${String(index + 1)} failed: ${thrown.message}` } }),
    );
    worker.on("exit", (code) =>
      settle({
        ok: false,
        error: { code: "WORKER_FAILED", message: `replay worker ${String(index + 1)} exited (code ${String(code)}) before it finished` },
      }),
    );
  });
}
