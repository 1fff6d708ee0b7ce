import type { FieldIssue, GlobalPosition, HistoryProblem, StoreError } from "@linkwork/core";

/**
 * One event the runner could not use: a projection threw while applying it, or the history checker
 * refused a history-file line or a store's event. Under `onError: "stop"` it ends the run; under
 * `"skip"` it is recorded and passed over.
 */
export type EventFailure =
  | {
      readonly code: "APPLY_FAILED";
      readonly message: string;
      /** The projection whose `apply` threw; the other projections of the set are unaffected. */
      readonly projection: string;
      readonly position: GlobalPosition;
      readonly streamId: string;
      readonly streamVersion: number;
      readonly eventType: string;
      /** The history-file line the event came from; null for a store. */
      readonly line: number | null;
      readonly reason: string;
    }
  | {
      readonly code: "LINE_INVALID";
      readonly message: string;
      readonly line: number;
      /** The core's reading of the line: its code (BAD_JSON, INVALID_EVENT...), field path and message. */
      readonly problem: HistoryProblem;
    }
  | {
      /** A store's event the history checker refused, with the codes a file's line gets. */
      readonly code: "EVENT_INVALID";
      readonly message: string;
      readonly position: GlobalPosition;
      readonly streamId: string;
      readonly streamVersion: number;
      readonly eventType: string;
      /**
       * The checker's verdict: code (STREAM_VERSION_MISMATCH, INVALID_TRANSITION...), field path and
       * message; its `line` is the event's ordinal in the read, the line it has in an export of that read.
       */
      readonly problem: HistoryProblem;
    };

/** A failure the history checker found: a file's line or a store's event it refused. */
export type HistoryFailure = Extract<EventFailure, { readonly code: "LINE_INVALID" | "EVENT_INVALID" }>;

/** Why a run ended early. Codes are stable; messages are for people. */
export type RunnerError =
  | EventFailure
  | {
      /** Another runner holds this projection's checkpoint: this one stopped without writing further. */
      readonly code: "CHECKPOINT_CONFLICT";
      readonly message: string;
      readonly projection: string;
      readonly checkpoint: string;
      readonly error: StoreError;
    }
  | {
      /** The saved snapshot did not decode with the projection's codec; reset the checkpoint to rebuild. */
      readonly code: "SNAPSHOT_INVALID";
      readonly message: string;
      readonly projection: string;
      readonly checkpoint: string;
      readonly reason: string;
    }
  | {
      /** The event store or the checkpoint store answered with an error. */
      readonly code: "STORE_FAILED";
      readonly message: string;
      readonly error: StoreError;
    }
  | {
      readonly code: "FILE_UNREADABLE";
      readonly message: string;
      readonly path: string;
      readonly reason: string;
    }
  | {
      readonly code: "INVALID_RUNNER_OPTIONS";
      readonly message: string;
      readonly issues: readonly FieldIssue[];
    };

export type RunnerErrorCode = RunnerError["code"];

/** What `waitUntilCaughtUp` answers instead of a status: the run's error, or a stop that came first. */
export type CatchUpError =
  | RunnerError
  | {
      readonly code: "STOPPED_BEFORE_CAUGHT_UP";
      readonly message: string;
    };

/** The message of whatever a projection threw (it may throw anything, not only Errors). */
export function thrownReason(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown);
}

export function storeFailed(error: StoreError, doing: string): RunnerError {
  return { code: "STORE_FAILED", message: `${doing}: ${error.message}`, error };
}
