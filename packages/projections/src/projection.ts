import type * as E from "fp-ts/lib/Either.js";
import type { RecordedEvent } from "@linkwork/core";

/** Encodes a projection's state for a checkpoint snapshot, and reads it back. */
export interface StateCodec<State> {
  encode(state: State): string;
  decode(text: string): E.Either<string, State>;
}

/**
 * A read model: a name, a version, a way to make its empty state and a deterministic `apply`.
 *
 * `apply`'s result depends only on the state and the event. For replay speed over millions of
 * events it may update the state in place and return it: the runner owns the state and queries read
 * it between batches, so nothing else observes the mutation. Bump `version` whenever `apply` or the
 * state's shape changes: the runner then rebuilds the projection from the start.
 */
export interface Projection<State> {
  readonly name: string;
  readonly version: number;
  readonly initialState: () => State;
  readonly apply: (state: State, event: RecordedEvent) => State;
  /** Without a codec the state is not snapshotted, and a restarted runner rebuilds from the start. */
  readonly codec?: StateCodec<State>;
}
