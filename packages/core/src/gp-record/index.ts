// The public API of @linkwork/core/gp-record: the entries a GP system should hold for a case (the
// PRSB message back to the GP), for the gp-record-outbox read model and for embedders that write
// them to EMIS or SystmOne and acknowledge them with AcknowledgeGpRecordEntries (docs/gp-record.md).

export {
  /** The entry an event of a case causes (kind, code, term, detail), or null. */
  gpRecordCodingOf,
  /** The kind of entry an event causes, or null. */
  gpRecordEntryKind,
  /** An entry's deterministic id, from its case and the event that caused it. */
  gpRecordEntryId,
  /** A case's GP record entries by id, from its state: true once acknowledged as sent. */
  gpRecordEntriesOf,
} from "../case/gp-record-entries.js";
export type {
  /** Referral accepted, declined, outcome measure, needs, support or closure. */
  GpRecordEntryKind,
  /** One entry as the case's events give it. */
  GpRecordCoding,
  /** What an entry says beyond its code, shared only with consent. */
  GpRecordDetail,
} from "../case/gp-record-entries.js";
export {
  /** The schema of an entry id: `gpr_` and 32 hex digits. */
  GpRecordEntryId,
  /** The most entries one acknowledgement names. */
  maxEntriesPerAcknowledgement,
} from "../case/gp-record-entries-sent.js";
