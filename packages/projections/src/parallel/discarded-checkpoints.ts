import * as E from "fp-ts/lib/Either.js";
import type { CheckpointStore } from "@linkwork/core";

/**
 * Checkpoints for a partition's one-pass replay in a worker: nothing is ever resumed from them (the
 * partition's state goes back to the main thread whole), so nothing is kept.
 */
export function discardedCheckpoints(): CheckpointStore {
  return {
    get: () => Promise.resolve(E.right(null)),
    compareAndSet: () => Promise.resolve(E.right(undefined)),
    reset: () => Promise.resolve(E.right(undefined)),
  };
}
