import type { AnyProjection } from "../runner/projection-runner.js";

/** Where a worker gets its read models: a module it imports and the function of it that builds them from `input`. */
export interface ProjectionsBuilder {
  /** The module's URL (`new URL("./x.js", import.meta.url).href`). */
  readonly module: string;
  /** The exported function: `(input) => readonly AnyProjection[]`, the same read models, in the same order, as the main thread's. */
  readonly name: string;
  /** Its argument: structured-cloneable (plain data). */
  readonly input: unknown;
}

/** What a partition worker is started with. */
export interface PartitionWorkerInput {
  readonly partitions: number;
  readonly index: number;
  readonly build: ProjectionsBuilder;
}

/** What the main thread posts to a partition worker. */
export type PartitionWorkerCommand =
  /**
   * The partition's next lines in file order (every line of its people and the reference data),
   * joined by newlines into `text`, each
   * with its line number and the latest `occurredAt` (epoch ms) of every line before it in the file,
   * NaN before the first: the clock the other partitions' lines moved.
   */
  | { readonly kind: "lines"; readonly text: string; readonly lineNumbers: Float64Array; readonly clocks: Float64Array }
  /** The file is read: `clock` is its latest occurredAt (NaN for none); post the states. */
  | { readonly kind: "end"; readonly clock: number };

/** What a partition worker posts back. */
export type PartitionWorkerMessage =
  /** A batch of lines is done: the main thread may send another. */
  | { readonly kind: "ack" }
  /**
   * A line was refused by the checker, or parsed to something the main thread's scan did not read:
   * the replay goes one-pass from the start, whose verdict is the replay's.
   */
  | { readonly kind: "diverged"; readonly line: number }
  | { readonly kind: "done"; readonly states: readonly unknown[] }
  | { readonly kind: "crashed"; readonly message: string };

/** The worker's read models, built by the module its input names. */
export type BuiltProjections = readonly AnyProjection[];
