import * as E from "fp-ts/lib/Either.js";
import { type Checkpoint, type CheckpointStore } from "@linkwork/core";
import { checkCheckpoint, checkCheckpointExpected, checkProjectionName } from "@linkwork/core/store-kit";

/** Checkpoints in a map; compare-and-set is trivially atomic in one process. */
export function memoryCheckpointStore(): CheckpointStore {
  const checkpoints = new Map<string, Checkpoint>();

  return {
    get: (name) => {
      const bad = checkProjectionName(name);
      return Promise.resolve(bad !== null ? E.left(bad) : E.right(checkpoints.get(name) ?? null));
    },
    compareAndSet: (name, expected, next) => {
      const bad = checkProjectionName(name) ?? checkCheckpointExpected(expected) ?? checkCheckpoint(next);
      if (bad !== null) return Promise.resolve(E.left(bad));
      const actual = checkpoints.get(name)?.position ?? null;
      if (actual !== expected) {
        return Promise.resolve(
          E.left({
            code: "CHECKPOINT_CONFLICT",
            message: `checkpoint ${name} is at ${String(actual)}, not ${String(expected)}: another runner holds the projection`,
            name,
            expected,
            actual,
          }),
        );
      }
      // A copy, so the caller changing its object later cannot move the checkpoint.
      checkpoints.set(
        name,
        next.snapshot === undefined ? { position: next.position } : { position: next.position, snapshot: next.snapshot },
      );
      return Promise.resolve(E.right(undefined));
    },
    reset: (name) => {
      const bad = checkProjectionName(name);
      if (bad !== null) return Promise.resolve(E.left(bad));
      checkpoints.delete(name);
      return Promise.resolve(E.right(undefined));
    },
  };
}
