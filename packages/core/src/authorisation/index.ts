// The public API of @linkwork/core/authorisation: who may do what through `linkwork(...)` (issue 18,
// docs/service.md), and the audit trail of reads of a person's case, one named export at a time.

export {
  /** The roles of the service: linkWorker, pcnManager, evaluator, administrator (zod schema and type). */
  Role,
  /** Who asks: their opaque id (the events' recordedBy), role and PCN (zod schema and type). */
  Actor,
} from "./actor.js";
export type {
  /** What an actor asks to do, as the authoriser sees it (a command, a case read, a report, an export). */
  Access,
  /** The command families linkwork routes: case, personUsage, referenceData, provider. */
  CommandFamily,
} from "./access.js";
export {
  /** Describes an access in words for messages, never with a case or person id. */
  describeAccess,
} from "./access.js";
export type {
  /** Decides whether an actor may have an access: the access, or FORBIDDEN. */
  Authoriser,
} from "./authoriser.js";
export {
  /** The rules of issue 18 by role: own PCN's cases, own PCN's reports, pseudonymised exports, reference data. */
  roleBasedAuthoriser,
  /** The FORBIDDEN refusal of an access, for an embedder's own authoriser. */
  forbidden,
} from "./authoriser.js";
export {
  /** One access in the audit trail: who, role, PCN, when, allowed, and a case (readCase, caseCommand) or a person looked up (lookupPerson) (zod schema and type). */
  AuditEntry,
  /** Which audit entries to read: case, person, who, time range, limit (zod schema and input type). */
  AuditQuery,
  /** The most entries one audit query answers. */
  maxAuditEntriesPerQuery,
  /** An audit entry checked as an implementation must before writing (INVALID_STORE_CALL naming the field). */
  parseAuditEntry,
  /** An audit query checked, its default limit filled in. */
  parseAuditQuery,
  /** A purge's cut-off instant checked. */
  parsePurgeBefore,
  /** Whether an entry matches a query's conditions, one definition for every implementation. */
  auditEntryMatches,
  /** The cut-off instant of a retention of whole days: entries before it may be purged. */
  auditRetentionCutoff,
} from "./audit-trail.js";
export type {
  /** The audit trail port: record, read in order, purge by age. */
  AuditTrail,
} from "./audit-trail.js";
