/** One row as a driver hands it back: column name to value (text, numbers and booleans here). */
export type Row = Readonly<Record<string, unknown>>;

/** Runs one statement with `$1…` parameters. `name` lets a server driver prepare it once per connection. */
export interface SqlQuery {
  query(text: string, params?: readonly unknown[], name?: string): Promise<readonly Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  execute(script: string): Promise<void>;
}

/** A LISTEN in progress; `stop` ends it (idempotent). */
export interface Listening {
  stop(): Promise<void>;
}

/**
 * What the store needs from a PostgreSQL driver, so that the same SQL runs over a server (the `pg`
 * driver, a pool) and over PGlite in the process. Every method may reject: the store turns a
 * rejection into a StoreError (`sql-errors.ts`), never lets it escape.
 */
export interface SqlClient extends SqlQuery {
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(work: (tx: SqlQuery) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel`: `onNotify` at each notification, `onLost` once if the listening
   * connection fails (the caller listens again when it wants).
   */
  listen(channel: string, onNotify: () => void, onLost: (error: unknown) => void): Promise<Listening>;
  /** Ends every connection; later calls reject. */
  close(): Promise<void>;
}
