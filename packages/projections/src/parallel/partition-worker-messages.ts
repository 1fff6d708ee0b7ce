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

/** What a partition worker is started with: it reads the file at `path` itself and keeps partition `index` of `partitions`. */
export interface PartitionWorkerInput {
  readonly path: string;
  readonly partitions: number;
  readonly index: number;
  readonly build: ProjectionsBuilder;
}

/** What a partition worker posts back. */
export type PartitionWorkerMessage =
  /** Lines read so far (from the first worker only, every few chunks). */
  | { readonly kind: "progress"; readonly lines: number }
  /**
   * A line did not scan, its event id came before, the checker refused it, or it parsed to
   * something the scan did not read; or the file could not be read (partition-lines.ts): the replay
   * goes one-pass from the start, whose verdict is the replay's.
   */
  | { readonly kind: "one-pass" }
  /** The whole file is read (`lines` lines): the partition's states. */
  | { readonly kind: "done"; readonly lines: number; readonly states: readonly unknown[] }
  | { readonly kind: "crashed"; readonly message: string };

/** The worker's read models, built by the module its input names. */
export type BuiltProjections = readonly AnyProjection[];
