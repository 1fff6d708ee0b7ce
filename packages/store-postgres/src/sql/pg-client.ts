import pg from "pg";
import type { Listening, Row, SqlClient, SqlQuery } from "./sql-client.js";

/** Settings of the `pg` pool. */
export interface PgClientSettings {
  readonly connectionString: string;
  /** Most connections in the pool. */
  readonly maxConnections: number;
  /** How long to wait for a connection before failing (ms). */
  readonly connectTimeoutMs: number;
}

/**
 * The store's SqlClient over node-postgres (`pg` 8): a pool for queries and transactions, and one
 * client of its own per LISTEN, since a pooled connection may be handed to someone else.
 * Named statements are prepared once per connection (pg keeps them by name).
 */
/** A pooled connection held for one call or transaction, and how to give it back (true or an error: drop it). */
interface Checkout {
  readonly client: pg.PoolClient;
  readonly release: (error?: Error | boolean) => void;
}

export function pgClient(settings: PgClientSettings): SqlClient {
  const pool = new pg.Pool({
    connectionString: settings.connectionString,
    max: settings.maxConnections,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    // A server restart breaks idle connections: the pool drops them and says so here. Without a
    // listener the 'error' event would end the process; the next query opens a new connection.
    allowExitOnIdle: true,
  });
  pool.on("error", () => undefined);
  // An ended pool never serves the calls queued for a connection: they would wait for their
  // connection timeout. So a checkout also waits for the end, and gives up at once when it comes.
  let signalEnd: () => void = () => undefined;
  const ended = new Promise<null>((resolve) => (signalEnd = () => resolve(null)));
  const checkout = async (): Promise<Checkout> => {
    const connecting = pool.connect();
    const client = await Promise.race([connecting, ended]);
    if (client === null) {
      void connecting.then(
        (late) => late.release(),
        () => undefined,
      );
      throw new Error("the store was closed before this call reached PostgreSQL");
    }
    // pg emits a held connection's failure (the server restarting, say) as an "error" event, which
    // with no listener is an uncaught exception: pool.query listens while it holds a connection, and
    // so does every checkout here, until release. The failed query itself rejects; the pool drops the
    // broken connection on release.
    const onError = (): void => undefined;
    client.on("error", onError);
    return {
      client,
      release: (error) => {
        client.removeListener("error", onError);
        client.release(error);
      },
    };
  };
  const run = async (on: pg.PoolClient, text: string, params: readonly unknown[] | undefined, name: string | undefined) => {
    const result = await on.query<Row>(
      name === undefined ? { text, values: params as unknown[] } : { name, text, values: params as unknown[] },
    );
    return result.rows;
  };
  /** One statement on a pooled connection; after an error the connection is dropped, as `pool.query` does. */
  const once = async <T>(use: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const { client, release } = await checkout();
    try {
      const result = await use(client);
      release();
      return result;
    } catch (error) {
      release(error instanceof Error ? error : true);
      throw error;
    }
  };
  return {
    query: (text, params, name) => once((client) => run(client, text, params, name)),
    execute: (script) =>
      once(async (client) => {
        await client.query(script);
      }),
    transaction: async <T>(work: (tx: SqlQuery) => Promise<T>): Promise<T> => {
      const { client, release } = await checkout();
      let broken = false;
      try {
        await client.query("BEGIN");
        const result = await work({
          query: (text, params, name) => run(client, text, params, name),
          execute: async (script) => {
            await client.query(script);
          },
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        release(broken);
      }
    },
    listen: async (channel, onNotify, onLost) => {
      const client = new pg.Client({ connectionString: settings.connectionString, connectionTimeoutMillis: settings.connectTimeoutMs });
      let stopped = false;
      const lost = (error: unknown) => {
        if (stopped) return;
        stopped = true;
        void client.end().catch(() => undefined);
        onLost(error);
      };
      client.on("error", lost);
      client.on("end", () => lost(new Error("the listening connection ended")));
      client.on("notification", () => onNotify());
      try {
        await client.connect();
        await client.query(`LISTEN ${quoteIdentifier(channel)}`);
      } catch (error) {
        stopped = true;
        await client.end().catch(() => undefined);
        throw error;
      }
      const listening: Listening = {
        stop: async () => {
          if (stopped) return;
          stopped = true;
          await client.end().catch(() => undefined);
        },
      };
      return listening;
    },
    close: () => {
      signalEnd();
      return pool.end();
    },
  };
}

/** An SQL identifier in double quotes (names here are checked to be plain already; this is the belt to those braces). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
