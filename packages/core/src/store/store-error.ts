import type { FieldIssue } from "../errors.js";
import type { ExpectedVersion } from "./event-store.js";

/** Everything a store can answer instead of a result. Codes are stable; messages are for people. */
export type StoreError =
  | {
      /** The stream was not at the expected version: someone else appended first. Reload and retry. */
      readonly code: "CONCURRENCY_CONFLICT";
      readonly message: string;
      readonly streamId: string;
      readonly expected: ExpectedVersion;
      /** The stream's version when the append was refused, where the store knows it. */
      readonly actual: number | null;
    }
  | {
      /** The call itself was malformed (a bad stream id, version or event envelope). Nothing was written. */
      readonly code: "INVALID_STORE_CALL";
      readonly message: string;
      readonly issues: readonly FieldIssue[];
    }
  | {
      /** A checkpoint was not at the expected position: another runner holds the projection. */
      readonly code: "CHECKPOINT_CONFLICT";
      readonly message: string;
      readonly name: string;
      readonly expected: bigint | null;
      readonly actual: bigint | null;
    }
  | {
      /** The stream's person was erased (their data keys destroyed): nothing more is recorded about them. Nothing was written. */
      readonly code: "PERSON_ERASED";
      readonly message: string;
    }
  | {
      /**
       * The stream's history no longer starts at its first event: events were removed outside
       * Linkwork (a soft delete, or retention such as EventStoreDB's `$maxCount`, `$maxAge`, `$tb`).
       * Folding what is left would decide on a partial case, so loads and appends refuse it;
       * nothing was written. Retrying cannot help: an operator must restore or retire the stream.
       */
      readonly code: "STREAM_TRUNCATED";
      readonly message: string;
      readonly streamId: string;
      /** The version of the first event that can still be read; null when none can (deleted). */
      readonly firstReadableVersion: number | null;
    }
  | {
      /** The store could not be reached or failed; `retryable` says whether the same call may succeed later. */
      readonly code: "STORE_UNAVAILABLE";
      readonly message: string;
      readonly retryable: boolean;
    };

export type StoreErrorCode = StoreError["code"];

export function invalidStoreCall(path: string, message: string): StoreError {
  return { code: "INVALID_STORE_CALL", message: `invalid store call: ${path}: ${message}`, issues: [{ path, message }] };
}

/** The CONCURRENCY_CONFLICT every store answers when an append finds the stream at another version. */
export function concurrencyConflict(streamId: string, expected: ExpectedVersion, actual: number | null, why: string): StoreError {
  return {
    code: "CONCURRENCY_CONFLICT",
    message: `append to ${streamId} expected version ${String(expected)}: ${why}`,
    streamId,
    expected,
    actual,
  };
}

/** The STREAM_TRUNCATED every store answers for a stream whose first readable event is not its first. */
export function streamTruncated(streamId: string, firstReadableVersion: number | null, why: string): StoreError {
  const readable =
    firstReadableVersion === null ? "no event of it can be read" : `its first readable event is version ${firstReadableVersion}`;
  return {
    code: "STREAM_TRUNCATED",
    message: `stream ${streamId} does not hold its whole history (${why}): ${readable}; Linkwork will not decide on part of a stream`,
    streamId,
    firstReadableVersion,
  };
}
