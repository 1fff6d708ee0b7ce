import { PGlite } from "@electric-sql/pglite";
import * as E from "fp-ts/lib/Either.js";
import { printable, type StoreError } from "@linkwork/core";
import { invalidStoreCall } from "@linkwork/core/store-kit";
import { lockFolder, type FolderLock } from "./folder-lock.js";
import { settingsOf, storesOver, type PostgresStores, type PostgresStoreSettings } from "./postgres-stores.js";
import { pgliteClient } from "./sql/pglite-client.js";
import { storeErrorOf } from "./sql/sql-errors.js";

/** PostgreSQL in this process (PGlite). */
export interface PgliteOptions extends PostgresStoreSettings {
  /**
   * The folder PGlite keeps its database in (created if missing), so it survives the process;
   * leave it out to keep the database in memory. One process at a time may open a folder.
   */
  readonly dataDir?: string;
  /** A PGlite the caller opened (and closes); instead of `dataDir`. */
  readonly database?: PGlite;
}

/** The folder's lock, or why it cannot be had (another PGlite holds the folder, or the lock cannot be written). */
function lockFolderOf(dataDir: string): { readonly release: () => void } | StoreError {
  let lock: FolderLock;
  try {
    lock = lockFolder(dataDir);
  } catch (error) {
    return storeErrorOf(error, "lock the PGlite folder");
  }
  if ("release" in lock) return lock;
  return {
    code: "STORE_UNAVAILABLE",
    message: `the PGlite folder ${printable(dataDir)} is open in process ${lock.heldBy} (lock ${printable(lock.path)}): one PGlite at a time may open a folder, so close it there first`,
    retryable: true,
  };
}

/**
 * The same stores and SQL over PGlite, PostgreSQL compiled to WebAssembly: no server, for a
 * single-process embedder or a laptop evaluation. Call `migrate()` once before using them.
 */
export async function pgliteStores(options: PgliteOptions = {}): Promise<E.Either<StoreError, PostgresStores>> {
  const settings = settingsOf(options);
  if (E.isLeft(settings)) return settings;
  if (options.dataDir !== undefined && (typeof options.dataDir !== "string" || options.dataDir === "")) {
    return E.left(invalidStoreCall("options.dataDir", "must be a folder path"));
  }
  if (options.database !== undefined && options.dataDir !== undefined) {
    return E.left(invalidStoreCall("options.database", "give either a database or a dataDir, not both"));
  }
  const lock = options.dataDir === undefined ? { release: () => undefined } : lockFolderOf(options.dataDir);
  if ("code" in lock) return E.left(lock);
  try {
    const database = options.database ?? (await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir }));
    return E.right(
      storesOver(pgliteClient(database, options.database === undefined, lock.release), settings.right.schema, settings.right.connection),
    );
  } catch (error) {
    lock.release();
    return E.left(storeErrorOf(error, "open PGlite"));
  }
}
