import type { RunnerError } from "../runner/runner-error.js";
import type { RunnerStatus } from "../runner/projection-runner.js";

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
  readonly path: string;
  readonly partitions: number;
  readonly index: number;
  readonly build: ProjectionsBuilder;
}

/** What a partition worker posts back. */
export type PartitionWorkerMessage =
  | { readonly kind: "progress"; readonly events: number }
  | { readonly kind: "done"; readonly status: RunnerStatus; readonly states: readonly unknown[] }
  | { readonly kind: "failed"; readonly error: RunnerError }
  | { readonly kind: "crashed"; readonly message: string };
