import * as E from "fp-ts/lib/Either.js";
import type { PersonRegister, StoreError } from "@linkwork/core";
import {
  alreadyRegistered,
  issuePersonId,
  parseNhsNumber,
  parsePersonDetails,
  parsePersonId,
  personNotFound,
  type PersonRegisterError,
  type RegisteredPerson,
} from "@linkwork/core/store-kit";
import type { PostgresConnection } from "../connection/postgres-connection.js";
import type { Row, SqlQuery } from "../sql/sql-client.js";
import { sqlState } from "../sql/sql-errors.js";

type Answer<T> = E.Either<PersonRegisterError, T>;

/** A store failure as the register port says it (the SQL's message, never a row's values). */
function unavailable(error: StoreError): PersonRegisterError {
  return { code: "REGISTER_UNAVAILABLE", message: error.message, retryable: error.code === "STORE_UNAVAILABLE" && error.retryable };
}

const damagedRow: PersonRegisterError = {
  code: "REGISTER_UNAVAILABLE",
  message: "a row of the person register no longer holds valid details (changed outside Linkwork)",
  retryable: false,
};

/** The SQLSTATE of a unique violation: https://www.postgresql.org/docs/current/errcodes-appendix.html */
const uniqueViolation = "23505";

/**
 * The person register in the `people` table: one row per registered person, the NHS number
 * unique, the details as JSON. Details are validated by the core's parsers on the way in and again
 * on the way out (a row changed by hand is answered as REGISTER_UNAVAILABLE, never handed on).
 * `erase` is a DELETE of the row: see docs/storage.md for what PostgreSQL keeps until VACUUM.
 */
export class PostgresPersonRegister implements PersonRegister {
  readonly #connection: PostgresConnection;
  readonly #random: ((size: number) => Uint8Array) | undefined;

  constructor(connection: PostgresConnection, random?: (size: number) => Uint8Array) {
    this.#connection = connection;
    this.#random = random;
  }

  async register(input: unknown): Promise<Answer<RegisteredPerson>> {
    const details = parsePersonDetails(input);
    if (E.isLeft(details)) return details;
    const json = JSON.stringify(details.right);
    const { people } = this.#connection.names;
    let tries = 0;
    return this.#run("register a person", async (): Promise<Answer<RegisteredPerson>> => {
      const repeated = tries++ > 0;
      for (;;) {
        const personId = issuePersonId(this.#random);
        // ON CONFLICT without a target: a held NHS number, or (vanishingly rarely) a pseudonym issued before.
        const inserted = await this.#connection.client.query(
          `INSERT INTO ${people} (person_id, nhs_number, details) VALUES ($1, $2, $3::json) ON CONFLICT DO NOTHING RETURNING 1 AS added`,
          [personId, details.right.nhsNumber, json],
        );
        if (inserted.length > 0) return E.right({ personId, details: details.right });
        const held = await holderOf(this.#connection.client, people, details.right.nhsNumber);
        if (held === null) continue; // the pseudonym was taken (or the holder erased meanwhile): issue another
        // A repeat after a lost reply finds its own row, details and all: that is the registration.
        if (repeated && held.details === json) return E.right({ personId: held.personId, details: details.right });
        return E.left(alreadyRegistered(held.personId));
      }
    });
  }

  async findByNhsNumber(input: unknown): Promise<Answer<RegisteredPerson | null>> {
    const nhsNumber = parseNhsNumber(input);
    if (E.isLeft(nhsNumber)) return nhsNumber;
    return this.#read("find a person by NHS number", "nhs_number", nhsNumber.right);
  }

  async get(input: unknown): Promise<Answer<RegisteredPerson | null>> {
    const personId = parsePersonId(input);
    if (E.isLeft(personId)) return personId;
    return this.#read("find a person by pseudonym", "person_id", personId.right);
  }

  async update(personIdInput: unknown, input: unknown): Promise<Answer<RegisteredPerson>> {
    const personId = parsePersonId(personIdInput);
    if (E.isLeft(personId)) return personId;
    const details = parsePersonDetails(input);
    if (E.isLeft(details)) return details;
    const { people } = this.#connection.names;
    const person = { personId: personId.right, details: details.right };
    // Setting the same details again is harmless, so a repeat after a lost reply needs no care.
    return this.#run("update a person", async (): Promise<Answer<RegisteredPerson>> => {
      try {
        const updated = await this.#connection.client.query(
          `UPDATE ${people} SET nhs_number = $2, details = $3::json WHERE person_id = $1 RETURNING 1 AS updated`,
          [person.personId, details.right.nhsNumber, JSON.stringify(details.right)],
        );
        return updated.length > 0 ? E.right(person) : E.left(personNotFound(person.personId));
      } catch (error) {
        if (sqlState(error) !== uniqueViolation) throw error;
        const held = await holderOf(this.#connection.client, people, details.right.nhsNumber);
        // The holder erased in between: the caller may simply try again.
        if (held === null) throw error;
        return E.left(alreadyRegistered(held.personId));
      }
    });
  }

  async erase(input: unknown): Promise<Answer<{ readonly erased: true }>> {
    const personId = parsePersonId(input);
    if (E.isLeft(personId)) return personId;
    const { people } = this.#connection.names;
    // A repeat after a lost reply answers NOT_FOUND; the row is gone either way.
    return this.#run("erase a person", async (): Promise<Answer<{ readonly erased: true }>> => {
      const deleted = await this.#connection.client.query(`DELETE FROM ${people} WHERE person_id = $1 RETURNING 1 AS erased`, [
        personId.right,
      ]);
      return deleted.length > 0 ? E.right({ erased: true }) : E.left(personNotFound(personId.right));
    });
  }

  /** Closes the connection, and with it the other stores over it (as closing any of them does). */
  close(): Promise<void> {
    return this.#connection.close();
  }

  async #read(doing: string, column: "nhs_number" | "person_id", value: string): Promise<Answer<RegisteredPerson | null>> {
    const { people } = this.#connection.names;
    return this.#run(doing, async (): Promise<Answer<RegisteredPerson | null>> => {
      const rows = await this.#connection.client.query(`SELECT person_id, details::text AS details FROM ${people} WHERE ${column} = $1`, [
        value,
      ]);
      const row = rows[0];
      return row === undefined ? E.right(null) : personOf(row);
    });
  }

  /** Runs a call with the connection's retries, its failures answered as REGISTER_UNAVAILABLE. */
  async #run<T>(doing: string, call: () => Promise<Answer<T>>): Promise<Answer<T>> {
    const done = await this.#connection.retrying(doing, call);
    return E.isLeft(done) ? E.left(unavailable(done.left)) : done.right;
  }
}

/** Who holds an NHS number, with their details as stored JSON text; null when nobody does. */
async function holderOf(sql: SqlQuery, people: string, nhsNumber: string): Promise<{ personId: string; details: string } | null> {
  const rows = await sql.query(`SELECT person_id, details::text AS details FROM ${people} WHERE nhs_number = $1`, [nhsNumber]);
  const row = rows[0];
  return row === undefined ? null : { personId: String(row["person_id"]), details: String(row["details"]) };
}

/** A row read back, its details checked again by the core's parser. */
function personOf(row: Row): Answer<RegisteredPerson> {
  let stored: unknown;
  try {
    stored = JSON.parse(String(row["details"]));
  } catch {
    return E.left(damagedRow);
  }
  const details = parsePersonDetails(stored);
  return E.isLeft(details) ? E.left(damagedRow) : E.right({ personId: String(row["person_id"]), details: details.right });
}
