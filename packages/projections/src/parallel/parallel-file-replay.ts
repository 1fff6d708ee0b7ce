import { createReadStream } from "node:fs";
import { Worker } from "node:worker_threads";
import * as E from "fp-ts/lib/Either.js";
import { EventIdSet, HISTORY_CHUNK_BYTES, historySourceLines } from "@linkwork/core/store-kit";
import { memoryCheckpointStore } from "@linkwork/store-memory";
import type { Projection } from "../projection.js";
import { instantMs } from "../read-models/shared/occurred-at.js";
import { historyFileSource } from "../runner/projection-source.js";
import { startProjectionRunner, type AnyProjection, type RunnerStatus } from "../runner/projection-runner.js";
import type { RunnerError } from "../runner/runner-error.js";
import { scanHistoryLine } from "./line-scan.js";
import { mergePartitions } from "./partition-replay.js";
import type {
  PartitionWorkerCommand,
  PartitionWorkerInput,
  PartitionWorkerMessage,
  ProjectionsBuilder,
} from "./partition-worker-messages.js";
import { personPartitioner } from "./person-partitions.js";

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

/** Lines per message to a worker, and messages a worker may have unanswered: memory stays a few MB a worker. */
const BATCH_LINES = 2000;
const MAX_IN_FLIGHT = 4;

type Outcome =
  | { readonly kind: "states"; readonly status: RunnerStatus; readonly states: unknown[] }
  | { readonly kind: "one-pass" }
  | { readonly kind: "failed"; readonly error: ParallelReplayError };

/**
 * Replays an NDJSON history file split by person (person-partitions.ts) over `workers` worker
 * threads (node:worker_threads). The main thread reads the file and routes each line without
 * parsing it (line-scan.ts): a person's lines, and those of their cases, to one worker; reference
 * data to every worker; event ids checked across partitions here, once. Each worker parses and
 * checks only its lines with the core's HistoryChecker (`checkAt`: positions as line numbers, its
 * streams' versions and rules), applies them, moves the read models' clock to the other partitions'
 * lines, and posts its states, which merge into the one-pass states (read-models/<name>/merge.ts).
 * Whenever anything is not as a valid file in Linkwork's layout has it (a line refused, a duplicate
 * event id, a line the scan cannot read or read differently from the parse, a read model that
 * throws, an unreadable file), the workers stop and the file is replayed in one pass from the
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

/** One worker and what the main thread knows of it. */
interface Partition {
  readonly worker: Worker;
  texts: string[];
  lineNumbers: number[];
  clocks: number[];
  inFlight: number;
  /** Resolves when an answer lowers inFlight (backpressure). */
  wake: (() => void) | null;
  states: readonly unknown[] | null;
}

async function partitioned(options: ParallelFileReplayOptions): Promise<Outcome> {
  const count = options.workers;
  let stop: Outcome | null = null;
  const halt = (outcome: Outcome) => {
    if (stop === null || (stop.kind === "one-pass" && outcome.kind === "failed")) stop = outcome;
    for (const partition of partitions) partition.wake?.();
  };
  const finished: (() => void)[] = [];
  const partitions: Partition[] = Array.from({ length: count }, (_, index) => {
    const worker = startWorker({ partitions: count, index, build: options.build });
    const partition: Partition = { worker, texts: [], lineNumbers: [], clocks: [], inFlight: 0, wake: null, states: null };
    const workerFailed = (message: string) =>
      halt({ kind: "failed", error: { code: "WORKER_FAILED", message: `replay worker ${String(index + 1)} failed: ${message}` } });
    worker.on("message", (message: PartitionWorkerMessage) => {
      switch (message.kind) {
        case "ack":
          partition.inFlight -= 1;
          partition.wake?.();
          return;
        case "diverged":
          halt({ kind: "one-pass" });
          return;
        case "done":
          partition.states = message.states;
          for (const resolve of finished.splice(0)) resolve();
          return;
        case "crashed":
          workerFailed(message.message);
          return;
      }
    });
    worker.on("error", (thrown) => workerFailed(thrown.message));
    worker.on("exit", (code) => {
      if (partition.states === null) workerFailed(`exited (code ${String(code)}) before it finished`);
    });
    return partition;
  });

  const send = async (partition: Partition): Promise<void> => {
    while (partition.inFlight >= MAX_IN_FLIGHT && stop === null) await new Promise<void>((resolve) => (partition.wake = resolve));
    partition.wake = null;
    if (stop !== null) return;
    const lineNumbers = Float64Array.from(partition.lineNumbers);
    const clocks = Float64Array.from(partition.clocks);
    // One string of the batch's lines (none holds a newline): cloned as one copy, where an array of
    // strings is cloned string by string.
    const command: PartitionWorkerCommand = { kind: "lines", text: partition.texts.join("\n"), lineNumbers, clocks };
    partition.worker.postMessage(command, [lineNumbers.buffer, clocks.buffer]);
    partition.inFlight += 1;
    partition.texts = [];
    partition.lineNumbers = [];
    partition.clocks = [];
  };

  try {
    const router = personPartitioner(count);
    const ids = new EventIdSet();
    const stream = createReadStream(options.path, { highWaterMark: HISTORY_CHUNK_BYTES });
    // An unreadable file: the one-pass replay says so in its own words.
    const unreadable = new Promise<void>((resolve) => stream.once("error", () => resolve()));
    let failedToRead = false;
    void unreadable.then(() => {
      failedToRead = true;
      halt({ kind: "one-pass" });
    });
    const source = historySourceLines(stream);
    let lineNumber = 0;
    let clock = Number.NaN;
    try {
      for await (const texts of source.lines) {
        for (const text of texts) {
          lineNumber += 1;
          const scanned = typeof text === "string" ? scanHistoryLine(text) : null;
          if (scanned === null || ids.firstUse(scanned.eventId, lineNumber) !== 0) {
            halt({ kind: "one-pass" });
            break;
          }
          const route = router.routeKeys(scanned.streamId, scanned.personId);
          const takers = route === "every" ? partitions : [partitions[route]!];
          for (const partition of takers) {
            partition.texts.push(text as string);
            partition.lineNumbers.push(lineNumber);
            partition.clocks.push(clock);
          }
          const at = instantMs(scanned.occurredAt);
          if (Number.isNaN(clock) || at > clock) clock = at;
        }
        if (stop !== null) break;
        for (const partition of partitions) if (partition.texts.length >= BATCH_LINES) await send(partition);
        if (stop !== null) break;
        options.onProgress?.(lineNumber);
      }
    } catch {
      failedToRead = true;
    } finally {
      stream.destroy();
    }
    if (failedToRead || lineNumber === 0) halt({ kind: "one-pass" });
    if (stop !== null) return stop;
    for (const partition of partitions) if (partition.texts.length > 0) await send(partition);
    if (stop !== null) return stop;
    for (const partition of partitions) partition.worker.postMessage({ kind: "end", clock });
    while (stop === null && partitions.some((partition) => partition.states === null)) {
      await new Promise<void>((resolve) => {
        finished.push(resolve);
        for (const partition of partitions) partition.wake = resolve;
      });
    }
    if (stop !== null) return stop;
    const status: RunnerStatus = {
      phase: "finished",
      caughtUp: true,
      position: BigInt(lineNumber),
      eventsApplied: lineNumber,
      duplicatesSkipped: 0,
      failures: 0,
    };
    return {
      kind: "states",
      status,
      states: mergePartitions(
        options.projections,
        partitions.map((partition) => partition.states!),
      ),
    };
  } finally {
    await Promise.all(partitions.map((partition) => partition.worker.terminate()));
  }
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
