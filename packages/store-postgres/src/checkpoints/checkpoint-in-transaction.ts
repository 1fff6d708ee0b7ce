import * as E from "fp-ts/lib/Either.js";
import { type Checkpoint, type GlobalPosition, type StoreError } from "@linkwork/core";
import { checkCheckpoint, checkCheckpointExpected, checkProjectionName } from "@linkwork/core/store-kit";
import { schemaNames } from "../schema/schema-names.js";
import type { SqlQuery } from "../sql/sql-client.js";
import { readCheckpoint, saveCheckpoint } from "./postgres-checkpoint-store.js";

/**
 * Compare-and-set of a checkpoint through `tx`, an open transaction of
 * `PostgresStores.transaction` on the store's schema, so a read model's rows and its checkpoint
 * are written together. A CHECKPOINT_CONFLICT answer leaves the transaction usable: the caller
 * should throw out of `work` to roll its rows back.
 */
export async function saveCheckpointIn(
  tx: SqlQuery,
  schema: string,
  name: string,
  expected: GlobalPosition | null,
  next: Checkpoint,
): Promise<E.Either<StoreError, void>> {
  const bad = checkProjectionName(name) ?? checkCheckpointExpected(expected) ?? checkCheckpoint(next);
  if (bad !== null) return E.left(bad);
  return saveCheckpoint(tx, schemaNames(schema).checkpoints, name, expected, next);
}

/** The checkpoint saved under `name`, read through `tx`. */
export function readCheckpointIn(tx: SqlQuery, schema: string, name: string): Promise<Checkpoint | null> {
  return readCheckpoint(tx, schemaNames(schema).checkpoints, name);
}
