import * as E from "fp-ts/lib/Either.js";
import type { StoreError } from "@linkwork/core";
import {
  checkKeyLimit,
  checkKeyStoreId,
  checkStoredDataKey,
  personErasedError,
  type ErasureCount,
  type KeyStore,
  type KeyStoreError,
  type StoredDataKey,
} from "@linkwork/core/store-kit";
import type { PostgresConnection } from "../connection/postgres-connection.js";
import type { Row, SqlQuery } from "../sql/sql-client.js";

type Answer<T> = E.Either<KeyStoreError, T>;

/** A store failure as the key store port says it (the message names no person: it is the SQL's, not the row's). */
function unavailable(error: StoreError): KeyStoreError {
  return { code: "KEY_STORE_UNAVAILABLE", message: error.message, retryable: error.code === "STORE_UNAVAILABLE" && error.retryable };
}

function keyExists(version: number): KeyStoreError {
  return { code: "KEY_EXISTS", message: `version ${version} of the person's data key is stored already`, version };
}

/** A data_keys row as the port gives it back. */
function keyOf(row: Row): StoredDataKey {
  return {
    personId: String(row["person_id"]),
    version: Number(row["version"]),
    kekId: String(row["kek_id"]),
    wrapped: String(row["wrapped"]),
  };
}

/**
 * The key store in the `data_keys` and `erased_people` tables. Keys arrive wrapped (the core wraps
 * them with a KEK this store never sees) and are stored as given. `add` and `destroy` of one person
 * take the same transaction-scoped advisory lock, so an add racing an erasure either lands before
 * it (and is deleted by it) or sees the tombstone: no key survives an erasure. `destroy` is a
 * DELETE: see docs/storage.md for what PostgreSQL keeps of deleted rows until VACUUM.
 */
export class PostgresKeyStore implements KeyStore {
  readonly #connection: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#connection = connection;
  }

  async add(key: StoredDataKey): Promise<Answer<void>> {
    const bad = checkStoredDataKey(key);
    if (bad !== null) return E.left(bad);
    // A copy of the checked fields: the caller changing its object meanwhile changes nothing.
    const { personId, version, kekId, wrapped } = key;
    const { dataKeys, erasedPeople } = this.#connection.names;
    let tries = 0;
    return this.#run("add a data key", () =>
      this.#connection.client.transaction(async (tx): Promise<Answer<void>> => {
        const repeated = tries++ > 0;
        await this.#lock(tx, personId);
        const erased = await tx.query(`SELECT 1 FROM ${erasedPeople} WHERE person_id = $1`, [personId]);
        if (erased.length > 0) return E.left(personErasedError);
        const inserted = await tx.query(
          `INSERT INTO ${dataKeys} (person_id, version, kek_id, wrapped) VALUES ($1, $2, $3, $4)
             ON CONFLICT (person_id, version) DO NOTHING RETURNING 1 AS added`,
          [personId, version, kekId, wrapped],
        );
        if (inserted.length > 0) return E.right(undefined);
        // A repeat after a lost reply finds its own key: that is success, not KEY_EXISTS.
        if (repeated) {
          const held = await tx.query(`SELECT 1 FROM ${dataKeys} WHERE person_id = $1 AND version = $2 AND kek_id = $3 AND wrapped = $4`, [
            personId,
            version,
            kekId,
            wrapped,
          ]);
          if (held.length > 0) return E.right(undefined);
        }
        return E.left(keyExists(version));
      }),
    );
  }

  async keysOf(personId: string): Promise<Answer<readonly StoredDataKey[]>> {
    const bad = checkKeyStoreId(personId, "personId");
    if (bad !== null) return E.left(bad);
    const { dataKeys, erasedPeople } = this.#connection.names;
    // One statement, one snapshot: the tombstone and the keys are read as of the same moment.
    return this.#run("read data keys", async (): Promise<Answer<readonly StoredDataKey[]>> => {
      const rows = await this.#connection.client.query(
        `SELECT e.person_id IS NOT NULL AS erased, k.person_id, k.version, k.kek_id, k.wrapped
           FROM (SELECT $1::text AS person_id) AS asked
           LEFT JOIN ${erasedPeople} e ON e.person_id = asked.person_id
           LEFT JOIN ${dataKeys} k ON k.person_id = asked.person_id
          ORDER BY k.version`,
        [personId],
      );
      if (rows.some((row) => row["erased"] === true)) return E.left(personErasedError);
      return E.right(rows.filter((row) => row["version"] !== null && row["version"] !== undefined).map(keyOf));
    });
  }

  async destroy(personId: string): Promise<Answer<void>> {
    const bad = checkKeyStoreId(personId, "personId");
    if (bad !== null) return E.left(bad);
    const { dataKeys, erasedPeople } = this.#connection.names;
    return this.#run("destroy data keys", () =>
      this.#connection.client.transaction(async (tx): Promise<Answer<void>> => {
        await this.#lock(tx, personId);
        await tx.query(`INSERT INTO ${erasedPeople} (person_id) VALUES ($1) ON CONFLICT (person_id) DO NOTHING`, [personId]);
        await tx.query(`DELETE FROM ${dataKeys} WHERE person_id = $1`, [personId]);
        return E.right(undefined);
      }),
    );
  }

  async wrappedOtherThan(kekId: string, limit: number): Promise<Answer<readonly StoredDataKey[]>> {
    const bad = checkKeyStoreId(kekId, "kekId") ?? checkKeyLimit(limit);
    if (bad !== null) return E.left(bad);
    const { dataKeys } = this.#connection.names;
    return this.#run("list data keys to re-wrap", async (): Promise<Answer<readonly StoredDataKey[]>> => {
      const rows = await this.#connection.client.query(
        `SELECT person_id, version, kek_id, wrapped FROM ${dataKeys} WHERE kek_id <> $1 ORDER BY person_id, version LIMIT $2`,
        [kekId, limit],
      );
      return E.right(rows.map(keyOf));
    });
  }

  async rewrap(key: StoredDataKey, expectedKekId: string): Promise<Answer<void>> {
    const bad = checkStoredDataKey(key) ?? checkKeyStoreId(expectedKekId, "expectedKekId");
    if (bad !== null) return E.left(bad);
    const { personId, version, kekId, wrapped } = key;
    const { dataKeys } = this.#connection.names;
    // Guarded by the old KEK, so a repeat (or a key re-wrapped or destroyed meanwhile) writes nothing.
    return this.#run("re-wrap a data key", async (): Promise<Answer<void>> => {
      await this.#connection.client.query(
        `UPDATE ${dataKeys} SET kek_id = $3, wrapped = $4 WHERE person_id = $1 AND version = $2 AND kek_id = $5`,
        [personId, version, kekId, wrapped, expectedKekId],
      );
      return E.right(undefined);
    });
  }

  async erasures(): Promise<Answer<ErasureCount>> {
    const { erasedPeople } = this.#connection.names;
    return this.#run("count erasures", async (): Promise<Answer<ErasureCount>> => {
      const [row] = await this.#connection.client.query(
        `SELECT count(*)::int AS count,
                to_char(max(erased_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS last_at
           FROM ${erasedPeople}`,
      );
      const lastAt = row?.["last_at"];
      return E.right({ count: Number(row?.["count"] ?? 0), lastAt: typeof lastAt === "string" ? lastAt : null });
    });
  }

  /** Closes the connection, and with it the other stores over it (as closing any of them does). */
  close(): Promise<void> {
    return this.#connection.close();
  }

  /** The person's lock in this schema, held until the transaction ends. */
  async #lock(tx: SqlQuery, personId: string): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`${this.#connection.names.schema}/keys/${personId}`]);
  }

  /** Runs a call with the connection's retries, its failures answered as KEY_STORE_UNAVAILABLE. */
  async #run<T>(doing: string, call: () => Promise<Answer<T>>): Promise<Answer<T>> {
    const done = await this.#connection.retrying(doing, call);
    return E.isLeft(done) ? E.left(unavailable(done.left)) : done.right;
  }
}
