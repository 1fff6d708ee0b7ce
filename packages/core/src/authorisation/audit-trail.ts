import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { formatPath, type FieldIssue } from "../errors.js";
import { CaseId, DAY_MS, Instant, OpaqueId, PcnCode, PersonId } from "../identifiers.js";
import type { StoreError } from "../store/store-error.js";
import { Role } from "./actor.js";

/** Who accessed, when, and whether the authoriser allowed it: the fields every audit entry has. */
const accessBy = {
  at: Instant,
  who: OpaqueId,
  role: Role,
  pcnId: PcnCode.nullable(),
  /** False when the authoriser refused: refused attempts are audited too. */
  allowed: z.boolean(),
};

/**
 * One access to a person's data: who (their opaque id, role and PCN), what, when, how, and whether
 * it was allowed. Either an access to a case (`readCase`, `caseCommand`, naming the case) or a read
 * of the person register (`lookupPerson`, naming the person's pseudonym, null when none was found or
 * the look-up was refused before the register was read; never the NHS number asked for). Kept apart
 * from the case history: the history says what happened to the person, the audit trail who looked,
 * and each is kept for its own time and erased by its own rules.
 */
export const AuditEntry = z.discriminatedUnion("action", [
  z.strictObject({
    ...accessBy,
    /** `readCase`: the case was read; `caseCommand`: a command was sent to it (its answer shows the case). */
    action: z.enum(["readCase", "caseCommand"]),
    caseId: CaseId,
  }),
  z.strictObject({
    ...accessBy,
    /** `lookupPerson`: the register was asked for a person's details (by NHS number). */
    action: z.literal("lookupPerson"),
    personId: PersonId.nullable(),
  }),
]);
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The most entries one query answers, so that a query's answer stays bounded whatever the trail holds. */
export const maxAuditEntriesPerQuery = 10_000;

/** Which entries to read: every condition given must hold; `from` inclusive, `before` exclusive. */
export const AuditQuery = z.strictObject({
  caseId: CaseId.optional(),
  /** Register reads naming this person. */
  personId: PersonId.optional(),
  who: OpaqueId.optional(),
  from: Instant.optional(),
  before: Instant.optional(),
  /** The most entries answered, oldest recorded first. Default 1,000. */
  limit: z.number().int().min(1).max(maxAuditEntriesPerQuery).default(1_000),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/**
 * The audit trail port: entries are only ever added, read back in the order recorded, and removed
 * in one way, by age (`purge`), so the trail keeps its own retention. Implementations validate what
 * they are given (`parseAuditEntry`, `parseAuditQuery`) and answer INVALID_STORE_CALL naming the
 * field, writing nothing; STORE_UNAVAILABLE when they cannot answer. Contract: describeAuditTrailContract.
 */
export interface AuditTrail {
  /** Adds one entry. */
  record(entry: AuditEntry): Promise<E.Either<StoreError, void>>;
  /** The entries matching the query, oldest recorded first, at most `limit`. */
  entries(query?: AuditQuery): Promise<E.Either<StoreError, readonly AuditEntry[]>>;
  /** Removes every entry with `at` before the instant; answers how many went. */
  purge(before: string): Promise<E.Either<StoreError, { readonly removed: number }>>;
  close(): Promise<void>;
}

function storeCallIssues(subject: string, error: z.ZodError): StoreError {
  const issues: FieldIssue[] = error.issues.map((issue) => ({ path: formatPath(issue.path, subject), message: issue.message }));
  const first = issues[0] ?? { path: subject, message: "is invalid" };
  return { code: "INVALID_STORE_CALL", message: `invalid store call: ${first.path}: ${first.message}`, issues };
}

/** An entry checked as an audit trail must check it before writing. */
export function parseAuditEntry(entry: unknown): E.Either<StoreError, AuditEntry> {
  const parsed = AuditEntry.safeParse(entry);
  return parsed.success ? E.right(parsed.data) : E.left(storeCallIssues("entry", parsed.error));
}

/** A query checked, with its default limit filled in. */
export function parseAuditQuery(query: unknown): E.Either<StoreError, z.output<typeof AuditQuery>> {
  const parsed = AuditQuery.safeParse(query ?? {});
  return parsed.success ? E.right(parsed.data) : E.left(storeCallIssues("query", parsed.error));
}

/** A purge's cut-off checked: an ISO instant. */
export function parsePurgeBefore(before: unknown): E.Either<StoreError, string> {
  const parsed = Instant.safeParse(before);
  return parsed.success ? E.right(parsed.data) : E.left(storeCallIssues("before", parsed.error));
}

/** Whether an entry matches a parsed query's conditions (the limit aside): one definition for every implementation. */
export function auditEntryMatches(entry: AuditEntry, query: z.output<typeof AuditQuery>): boolean {
  return (
    (query.caseId === undefined || ("caseId" in entry && entry.caseId === query.caseId)) &&
    (query.personId === undefined || ("personId" in entry && entry.personId === query.personId)) &&
    (query.who === undefined || entry.who === query.who) &&
    (query.from === undefined || Date.parse(entry.at) >= Date.parse(query.from)) &&
    (query.before === undefined || Date.parse(entry.at) < Date.parse(query.before))
  );
}

/**
 * The cut-off of a retention of whole days before `now`: entries older than it may be purged. The
 * period is the deployment's to choose from its records retention schedule (the NHS Records
 * Management Code of Practice 2021, Appendix II); Linkwork sets no default.
 */
export function auditRetentionCutoff(now: Date, retentionDays: number): string {
  return new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
}
