import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { formatPath, type FieldIssue } from "../errors.js";
import { CaseId, DAY_MS, Instant, OpaqueId, PcnCode } from "../identifiers.js";
import type { StoreError } from "../store/store-error.js";
import { Role } from "./actor.js";

/**
 * One access to a person's case: who (their opaque id, role and PCN), which case, when, how, and
 * whether it was allowed. Kept apart from the case history: the history says what happened to the
 * person, the audit trail who looked, and each is kept for its own time and erased by its own rules.
 */
export const AuditEntry = z.strictObject({
  at: Instant,
  who: OpaqueId,
  role: Role,
  pcnId: PcnCode.nullable(),
  caseId: CaseId,
  /** `readCase`: the case was read; `caseCommand`: a command was sent to it (its answer shows the case). */
  action: z.enum(["readCase", "caseCommand"]),
  /** False when the authoriser refused: refused attempts are audited too. */
  allowed: z.boolean(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** The most entries one query answers, so that a query's answer stays bounded whatever the trail holds. */
export const maxAuditEntriesPerQuery = 10_000;

/** Which entries to read: every condition given must hold; `from` inclusive, `before` exclusive. */
export const AuditQuery = z.strictObject({
  caseId: CaseId.optional(),
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
    (query.caseId === undefined || entry.caseId === query.caseId) &&
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
