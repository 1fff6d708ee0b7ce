import * as E from "fp-ts/lib/Either.js";
import { type Checkpoint, type CheckpointStore, type GlobalPosition, type StoreError } from "@linkwork/core";
import { checkCheckpoint, checkCheckpointExpected, checkProjectionName } from "@linkwork/core/store-kit";
import { closedStore, type PostgresConnection } from "../connection/postgres-connection.js";
import type { SqlQuery } from "../sql/sql-client.js";

type Answer<T> = E.Either<StoreError, T>;

/**
 * Checkpoints in the `checkpoints` table, one row per projection. Compare-and-set is one
 * statement: an INSERT that does nothing if a row exists (expected null) or an UPDATE guarded by
 * the expected position, so two runners cannot both move a checkpoint.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly #connection: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#connection = connection;
  }

  async get(name: string): Promise<Answer<Checkpoint | null>> {
    const bad = checkProjectionName(name);
    if (bad !== null) return E.left(bad);
    if (this.#connection.closed) return E.left(closedStore);
    return this.#connection.retrying(`read checkpoint ${name}`, () =>
      readCheckpoint(this.#connection.client, this.#connection.names.checkpoints, name),
    );
  }

  async compareAndSet(name: string, expected: GlobalPosition | null, next: Checkpoint): Promise<Answer<void>> {
    const bad = checkProjectionName(name) ?? checkCheckpointExpected(expected) ?? checkCheckpoint(next);
    if (bad !== null) return E.left(bad);
    if (this.#connection.closed) return E.left(closedStore);
    // A repeat after a lost reply may find the checkpoint at `next` already: its own write.
    let tries = 0;
    const saved = await this.#connection.retrying(`save checkpoint ${name}`, () =>
      saveCheckpoint(this.#connection.client, this.#connection.names.checkpoints, name, expected, next, tries++ > 0),
    );
    return E.isLeft(saved) ? saved : saved.right;
  }

  async reset(name: string): Promise<Answer<void>> {
    const bad = checkProjectionName(name);
    if (bad !== null) return E.left(bad);
    if (this.#connection.closed) return E.left(closedStore);
    const table = this.#connection.names.checkpoints;
    const done = await this.#connection.retrying(`reset checkpoint ${name}`, () =>
      this.#connection.client.query(`DELETE FROM ${table} WHERE name = $1`, [name]),
    );
    return E.map(() => undefined)(done);
  }
}

/** The checkpoint saved under `name`, read through `sql` (the pool or an open transaction). */
export async function readCheckpoint(sql: SqlQuery, table: string, name: string): Promise<Checkpoint | null> {
  const rows = await sql.query(`SELECT position::text AS position, snapshot FROM ${table} WHERE name = $1`, [name]);
  const row = rows[0];
  if (row === undefined) return null;
  const position = BigInt(row["position"] as string);
  const snapshot = row["snapshot"];
  return typeof snapshot === "string" ? { position, snapshot } : { position };
}

/**
 * Moves the checkpoint from `expected` to `next` through `sql`, or answers CHECKPOINT_CONFLICT.
 * Run inside a transaction that also writes a read model's rows, state and checkpoint commit or
 * roll back together.
 */
export async function saveCheckpoint(
  sql: SqlQuery,
  table: string,
  name: string,
  expected: GlobalPosition | null,
  next: Checkpoint,
  repeated = false,
): Promise<Answer<void>> {
  const position = next.position.toString();
  const snapshot = next.snapshot ?? null;
  const written =
    expected === null
      ? await sql.query(
          `INSERT INTO ${table} (name, position, snapshot) VALUES ($1, $2::numeric, $3) ON CONFLICT (name) DO NOTHING RETURNING 1 AS saved`,
          [name, position, snapshot],
        )
      : await sql.query(
          `UPDATE ${table} SET position = $2::numeric, snapshot = $3, saved_at = now() WHERE name = $1 AND position = $4::numeric RETURNING 1 AS saved`,
          [name, position, snapshot, expected.toString()],
        );
  if (written.length > 0) return E.right(undefined);
  const found = await readCheckpoint(sql, table, name);
  if (repeated && found !== null && found.position === next.position && found.snapshot === next.snapshot) return E.right(undefined);
  const actual = found?.position ?? null;
  return E.left({
    code: "CHECKPOINT_CONFLICT",
    message: `checkpoint ${name} is at ${String(actual)}, not ${String(expected)}: another runner holds the projection`,
    name,
    expected,
    actual,
  });
}
