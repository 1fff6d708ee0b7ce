import type { PGlite } from "@electric-sql/pglite";
import type { Listening, SqlClient } from "./sql-client.js";

/**
 * The store's SqlClient over PGlite (PostgreSQL compiled to WebAssembly, in this process). PGlite
 * runs one statement at a time on its single connection, so a transaction holds everyone else off
 * until it ends, and no transaction can commit behind a reader's back.
 */
export function pgliteClient(db: PGlite, closeDatabase: boolean, afterClose: () => void = () => undefined): SqlClient {
  return {
    query: async (text, params) => (await db.query<Record<string, unknown>>(text, params as unknown[])).rows,
    execute: async (script) => {
      await db.exec(script);
    },
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async (text, params) => (await tx.query<Record<string, unknown>>(text, params as unknown[])).rows,
          execute: async (script) => {
            await tx.exec(script);
          },
        }),
      ),
    listen: async (channel, onNotify) => {
      const unlisten = await db.listen(channel, () => onNotify());
      let stopped = false;
      const listening: Listening = {
        stop: async () => {
          if (stopped || db.closed) return;
          stopped = true;
          await unlisten();
        },
      };
      return listening;
    },
    close: async () => {
      try {
        if (closeDatabase && !db.closed) await db.close();
      } finally {
        afterClose();
      }
    },
  };
}
