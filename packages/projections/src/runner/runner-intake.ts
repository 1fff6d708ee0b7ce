import type { GlobalPosition, RecordedEvent } from "@linkwork/core";
import type { HistoryFailure, RunnerError } from "./runner-error.js";

/** The runner's side of a source: what a source reader hands events, failures and marks to. */
export interface RunnerIntake {
  /** Read after this position (exclusive); null: from the start. */
  readonly after: GlobalPosition | null;
  /** Most events per read and per delivered batch. */
  readonly batchSize: number;
  /** True once the run must end: stop() was called, or a failure ended it. A reader checks it between batches. */
  ending(): boolean;
  /**
   * Applies a batch, in order, to every projection it is new to, and saves checkpoints when due.
   * `lines` gives each event's history-file line (same index), or null for a store.
   */
  deliver(events: readonly RecordedEvent[], lines: readonly number[] | null): Promise<void>;
  /** A line or store event the history checker refused: recorded under "skip", the end of the run under "stop". */
  refused(failure: HistoryFailure): void;
  /** Events a store delivered again (at or before the last one checked), passed over unseen. */
  redelivered(count: number): void;
  /** Every event up to this position has been judged (delivered, refused, or of a type not asked for). */
  reached(position: GlobalPosition): Promise<void>;
  /** Everything the source held so far has been delivered. */
  caughtUp(): Promise<void>;
  /** Ends the run with an error. */
  fail(error: RunnerError): void;
  /** Registers what stop() must call so a pending read ends (a live subscription's close). */
  onStop(close: () => Promise<void>): void;
}
