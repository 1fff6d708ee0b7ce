import * as E from "fp-ts/lib/Either.js";
import { type StoreError } from "@linkwork/core";
import { invalidStoreCall } from "@linkwork/core/store-kit";
import { settingsOf, storesOver, type PostgresStores, type PostgresStoreSettings } from "./postgres-stores.js";
import { pgClient } from "./sql/pg-client.js";

/** A PostgreSQL server to connect to. */
export interface PostgresServerOptions extends PostgresStoreSettings {
  /** A libpq connection URI, e.g. `postgres://user:password@127.0.0.1:5432/linkwork` (as in `DATABASE_URL`). */
  readonly connectionString: string;
  /** Most connections the store opens (plus one for LISTEN while subscriptions run). Default 10. */
  readonly maxConnections?: number;
  /** How long to wait for a connection before failing (ms). Default 10 000. */
  readonly connectTimeoutMs?: number;
}

/**
 * The stores over a PostgreSQL server (13 or later: `pg_current_xact_id`), through the `pg`
 * driver. Nothing is sent until the first call; call `migrate()` once before using the stores.
 * Bad options are an INVALID_STORE_CALL naming the option, never a throw.
 */
export function postgresStores(options: PostgresServerOptions): E.Either<StoreError, PostgresStores> {
  const settings = settingsOf(options);
  if (E.isLeft(settings)) return settings;
  const { connectionString, maxConnections = 10, connectTimeoutMs = 10_000 } = options;
  if (typeof connectionString !== "string" || !/^postgres(ql)?:\/\//.test(connectionString)) {
    return E.left(invalidStoreCall("options.connectionString", "must be a URI such as postgres://user:password@host:5432/database"));
  }
  if (!Number.isInteger(maxConnections) || maxConnections < 1 || maxConnections > 1000) {
    return E.left(invalidStoreCall("options.maxConnections", "must be a whole number from 1 to 1000"));
  }
  if (!Number.isInteger(connectTimeoutMs) || connectTimeoutMs < 1 || connectTimeoutMs > 3_600_000) {
    return E.left(invalidStoreCall("options.connectTimeoutMs", "must be a whole number from 1 to 3600000"));
  }
  const client = pgClient({ connectionString, maxConnections, connectTimeoutMs });
  return E.right(storesOver(client, settings.right.schema, settings.right.connection));
}
