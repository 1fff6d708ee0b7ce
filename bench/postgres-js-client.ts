// The store's SqlClient over postgres.js (`postgres` 3.4), for the driver comparison of the
// postgres bench section only: the package ships the `pg` one (docs/storage.md says why).
import postgres from "postgres";
import type { Listening, SqlClient, SqlQuery } from "../packages/store-postgres/src/sql/sql-client.js";

export function postgresJsClient(connectionString: string, maxConnections: number): SqlClient {
  const sql = postgres(connectionString, { max: maxConnections, onnotice: () => undefined });
  const over = (runner: postgres.Sql | postgres.TransactionSql): SqlQuery => ({
    query: async (text, params) => [...(await runner.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[], { prepare: true }))],
    execute: async (script) => {
      await runner.unsafe(script);
    },
  });
  return {
    ...over(sql),
    transaction: async (work) => (await sql.begin((tx) => work(over(tx)))) as Awaited<ReturnType<typeof work>>,
    listen: async (channel, onNotify) => {
      const subscription = await sql.listen(channel, () => onNotify());
      const listening: Listening = { stop: () => subscription.unlisten() };
      return listening;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
