import { printable, type StoreError } from "@linkwork/core";

/**
 * SQLSTATE classes and codes after which the same call may succeed: the connection failed or the
 * server is starting, stopping or out of connections, or the transaction lost a race it can retry.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const transientStates = new Set([
  "57P01",
  "57P02",
  "57P03",
  "53300",
  "40001",
  "40P01",
  "55P03",
  "08000",
  "08003",
  "08006",
  "08001",
  "08004",
]);

/** SQLSTATEs that mean the schema is missing or older than this package: migrate first. */
const missingSchemaStates = new Set(["42P01", "42883", "3F000"]);

/** The SQLSTATE of a driver error, if it has one. */
export function sqlState(error: unknown): string | undefined {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Whether a failed call may succeed if repeated. An error without a SQLSTATE came from the
 * connection (refused, reset, ended, timed out), not from the server's judgement of the statement.
 */
export function isTransient(error: unknown): boolean {
  const state = sqlState(error);
  return state === undefined ? true : transientStates.has(state) || state.startsWith("08");
}

/**
 * The StoreError for a failed call. The message names the SQLSTATE and the server's message, not
 * its `detail`, which can quote row values (stream ids are case ids: never echoed).
 */
export function storeErrorOf(error: unknown, doing: string): StoreError {
  const state = sqlState(error);
  if (state !== undefined && missingSchemaStates.has(state)) {
    return {
      code: "STORE_UNAVAILABLE",
      message: `${doing}: the Linkwork schema is missing or out of date (${state}); apply the migrations first (migrate(), or \`linkwork postgres migrate\`)`,
      retryable: false,
    };
  }
  const what = error instanceof Error ? error.message : String(error);
  return {
    code: "STORE_UNAVAILABLE",
    message: `${doing}: PostgreSQL ${state === undefined ? "connection failed" : `answered ${state}`} (${printableMessage(what)})`,
    retryable: isTransient(error),
  };
}

/** A driver message made safe to echo (core's printable), cut short: it ends up in logs and terminals. */
function printableMessage(message: string): string {
  const plain = printable(message);
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain;
}
