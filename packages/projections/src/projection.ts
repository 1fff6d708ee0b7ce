import type * as E from "fp-ts/lib/Either.js";
import type { RecordedEvent } from "@linkwork/core";

/** Encodes a projection's state for a checkpoint snapshot, and reads it back. */
export interface StateCodec<State> {
  encode(state: State): string;
  decode(text: string): E.Either<string, State>;
}

/**
 * What the history up to a snapshot's position holds that a state restored from it must agree with:
 * the rules history lines are checked by (registered codes, erased people), applied to saved state.
 */
export interface HistoryFacts {
  /** Local codes registered (`LocalCodeRegistered`), per code list. */
  readonly registeredCodes: { readonly need: ReadonlySet<string>; readonly support: ReadonlySet<string> };
  /** People whose referral or healthcare usage reads erased (crypto-shredded): a state must hold none of their details. */
  readonly erasedPeople: ReadonlySet<string>;
  /** The cases of those people whose referral reads erased, by case id. */
  readonly erasedCases: ReadonlySet<string>;
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
  /**
   * Checks a state restored from a snapshot against the history up to the snapshot's position, once
   * the runner has read that far from the start (a file, or a store read from its start): the first
   * field that disagrees, as `path: problem` naming no id or code, or null. A tampered or stale
   * snapshot (taken before an erasure) is then SNAPSHOT_INVALID, never applied to.
   */
  readonly checkRestored?: (state: State, history: HistoryFacts) => string | null;
}
