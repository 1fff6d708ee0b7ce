import type * as E from "fp-ts/lib/Either.js";
import type { GlobalPosition } from "./event-store.js";
import type { StoreError } from "./store-error.js";

/**
 * Where a projection has got to. A read model kept in memory also saves its state with the
 * position, in the same write, so a restarted runner resumes exactly where the state was taken:
 * events at or below the position are never applied twice.
 */
export interface Checkpoint {
  readonly position: GlobalPosition;
  /** The projection's state encoded by its codec, saved atomically with the position. */
  readonly snapshot?: string;
}

/**
 * Checkpoints by projection name, with compare-and-set so two runners of one projection cannot both
 * advance it: the loser gets CHECKPOINT_CONFLICT and must stop.
 */
export interface CheckpointStore {
  /** The last checkpoint saved, or null before the projection's first save. */
  get(name: string): Promise<E.Either<StoreError, Checkpoint | null>>;
  /** Moves the checkpoint from the position `expected` (null: none saved yet) to `next`. */
  compareAndSet(name: string, expected: GlobalPosition | null, next: Checkpoint): Promise<E.Either<StoreError, void>>;
  /** Forgets a projection's checkpoint, for a rebuild. */
  reset(name: string): Promise<E.Either<StoreError, void>>;
}
