// Where the consumers of examples/partitioned-replay keep their checkpoints: in the event store itself
// (EventStoreDB / KurrentDB checkpoint streams), or, for histories whose snapshots outgrow an append
// (docs/projections.md, "Partitioned replay across processes"), in PostgreSQL: a server
// (`postgres://...`) or, on one machine, a PGlite folder that the consumers open one after another.
import * as E from "fp-ts/lib/Either.js";
import type { CheckpointStore } from "@linkwork/core";
import { pgliteStores, postgresStores, type PostgresStores } from "@linkwork/store-postgres";

export interface CheckpointPlace {
  readonly checkpoints: CheckpointStore;
  readonly close: () => Promise<void>;
}

/** The checkpoints `--checkpoints PLACE` names (migrated, ready), or the store's own when none is given. */
export async function openCheckpointPlace(
  place: string | undefined,
  storeOwn: CheckpointStore,
): Promise<E.Either<string, CheckpointPlace>> {
  if (place === undefined) return E.right({ checkpoints: storeOwn, close: () => Promise.resolve() });
  const opened: E.Either<{ readonly message: string }, PostgresStores> = /^postgres(ql)?:\/\//.test(place)
    ? postgresStores({ connectionString: place })
    : await pgliteStores({ dataDir: place });
  if (E.isLeft(opened)) return E.left(`--checkpoints: ${opened.left.message}`);
  const migrated = await opened.right.migrate();
  if (E.isLeft(migrated)) {
    await opened.right.close();
    return E.left(`--checkpoints: ${migrated.left.message}`);
  }
  return E.right({ checkpoints: opened.right.checkpoints, close: () => opened.right.close() });
}
