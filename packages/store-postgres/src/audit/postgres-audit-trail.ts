import * as E from "fp-ts/lib/Either.js";
import type { StoreError } from "@linkwork/core";
import { parseAuditEntry, parseAuditQuery, parsePurgeBefore, type AuditEntry, type AuditTrail } from "@linkwork/core/authorisation";
import type { PostgresConnection } from "../connection/postgres-connection.js";
import type { Row } from "../sql/sql-client.js";

const damagedRow: StoreError = {
  code: "STORE_UNAVAILABLE",
  message: "a row of the audit trail no longer holds a valid entry (changed outside Linkwork)",
  retryable: false,
};

/** A row read back, checked again by the core's parser. */
function entryOf(row: Row): E.Either<StoreError, AuditEntry> {
  const access = {
    at: row["at"],
    who: row["who"],
    role: row["role"],
    pcnId: row["pcn_id"] ?? null,
    action: row["action"],
    allowed: row["allowed"],
  };
  // A register read names a person (or none) and no case; an access to a case names the case (migration 4).
  const entry = parseAuditEntry(
    row["action"] === "lookupPerson" ? { ...access, personId: row["person_id"] ?? null } : { ...access, caseId: row["case_id"] },
  );
  return E.isLeft(entry) ? E.left(damagedRow) : entry;
}

/**
 * The audit trail in the `audit_trail` table (migrations 3 and 4), apart from the events: one row per
 * access, numbered in the order recorded (`entry_id`), `at` kept as written and as milliseconds
 * (`at_ms`) for time ranges and purging. Entries are only ever inserted, read, and deleted by age.
 * A `record` repeated after a lost reply may record the access twice: an audit trail may hold an
 * access twice, never lose one.
 */
export class PostgresAuditTrail implements AuditTrail {
  readonly #connection: PostgresConnection;

  constructor(connection: PostgresConnection) {
    this.#connection = connection;
  }

  async record(input: AuditEntry): Promise<E.Either<StoreError, void>> {
    const entry = parseAuditEntry(input);
    if (E.isLeft(entry)) return entry;
    const { at, who, role, pcnId, action, allowed } = entry.right;
    const caseId = "caseId" in entry.right ? entry.right.caseId : null;
    const personId = "personId" in entry.right ? entry.right.personId : null;
    const { auditTrail } = this.#connection.names;
    return this.#connection.retrying("record an access in the audit trail", async () => {
      await this.#connection.client.query(
        `INSERT INTO ${auditTrail} (at, at_ms, who, role, pcn_id, case_id, person_id, action, allowed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [at, Date.parse(at), who, role, pcnId, caseId, personId, action, allowed],
      );
    });
  }

  async entries(input?: unknown): Promise<E.Either<StoreError, readonly AuditEntry[]>> {
    const query = parseAuditQuery(input);
    if (E.isLeft(query)) return query;
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (column: string, operator: string, value: unknown) => {
      params.push(value);
      conditions.push(`${column} ${operator} $${params.length}`);
    };
    if (query.right.caseId !== undefined) where("case_id", "=", query.right.caseId);
    if (query.right.personId !== undefined) where("person_id", "=", query.right.personId);
    if (query.right.who !== undefined) where("who", "=", query.right.who);
    if (query.right.from !== undefined) where("at_ms", ">=", Date.parse(query.right.from));
    if (query.right.before !== undefined) where("at_ms", "<", Date.parse(query.right.before));
    params.push(query.right.limit);
    const { auditTrail } = this.#connection.names;
    const sql = `SELECT at, who, role, pcn_id, case_id, person_id, action, allowed FROM ${auditTrail}${
      conditions.length === 0 ? "" : ` WHERE ${conditions.join(" AND ")}`
    } ORDER BY entry_id LIMIT $${params.length}`;
    const rows = await this.#connection.retrying("read the audit trail", () => this.#connection.client.query(sql, params));
    if (E.isLeft(rows)) return rows;
    const entries: AuditEntry[] = [];
    for (const row of rows.right) {
      const entry = entryOf(row);
      if (E.isLeft(entry)) return entry;
      entries.push(entry.right);
    }
    return E.right(entries);
  }

  async purge(input: string): Promise<E.Either<StoreError, { readonly removed: number }>> {
    const before = parsePurgeBefore(input);
    if (E.isLeft(before)) return before;
    const { auditTrail } = this.#connection.names;
    return this.#connection.retrying("purge the audit trail", async () => {
      const removed = await this.#connection.client.query(`DELETE FROM ${auditTrail} WHERE at_ms < $1 RETURNING 1 AS removed`, [
        Date.parse(before.right),
      ]);
      return { removed: removed.length };
    });
  }

  /** Closes the connection, and with it the other stores over it (as closing any of them does). */
  close(): Promise<void> {
    return this.#connection.close();
  }
}
