// The public API of @linkwork/projections/disclosure: what Linkwork gives out about people to others
// (docs/privacy.md, "Exports and reports for others"): the evaluation export for a named recipient
// and the subject access export, one named export at a time.

export {
  /** Writes a pseudonymised history file for a named recipient, atomically; never throws. */
  writeEvaluationExport,
  /** The evaluation export's history lines, a page at a time (throws a DisclosureError). */
  evaluationExportLines,
} from "./evaluation-export.js";
export type {
  /** Recipient, key and date granularity of an evaluation export. */
  EvaluationExportOptions,
  /** What an evaluation export wrote. */
  EvaluationExportSummary,
  /** How many people (and events) an evaluation export left out, and why. */
  EvaluationExportLeftOut,
} from "./evaluation-export.js";
export type {
  /** Whether a person has a national data opt-out, as the person register notes it. */
  OptOutLookup,
} from "./evaluation-cohort.js";
export {
  /** One event pseudonymised for a recipient: ids to keyed HMACs, references dropped, dates coarsened. */
  pseudonymisedEvent,
} from "./pseudonymised-event.js";
export {
  /** A recipient key from its bytes (at least 32), held so that it never prints. */
  recipientKey,
  /** The shortest recipient key accepted, in bytes. */
  MIN_RECIPIENT_KEY_BYTES,
} from "./recipient-key.js";
export type {
  /** A recipient key: computes pseudonyms, prints as "[recipient key]". */
  RecipientKey,
} from "./recipient-key.js";
export {
  /** The date granularities, finest first. */
  dateGranularities,
} from "./date-coarsening.js";
export type {
  /** How finely an export keeps dates: day, week or month. */
  DateGranularity,
} from "./date-coarsening.js";
export {
  /** The error the line iterations throw, with its typed failure. */
  DisclosureError,
} from "./disclosure-source.js";
export type {
  /** Where an export reads: a history file or a store. */
  DisclosureSource,
  /** Why an export could not be made (nothing is written then). */
  DisclosureFailure,
} from "./disclosure-source.js";
export {
  /** Everything held about one person (person stream and every case of theirs), labelled in plain words. */
  subjectAccess,
} from "./subject-access.js";
export type {
  /** What subjectAccess answers. */
  SubjectAccessRecord,
  /** One stream of a subject access record. */
  SubjectAccessStream,
  /** One event of a subject access record. */
  SubjectAccessEvent,
  /** One detail of an event, in plain words. */
  SubjectAccessDetail,
  /** The register lookup subjectAccess may take. */
  SubjectAccessOptions,
  /** Finds a person's identifiers by their pseudonymous id. */
  RegisterLookup,
  /** What a register holds about a person. */
  RegisteredIdentifiers,
} from "./subject-access.js";
export {
  /** A subject access record as a readable, self-contained HTML page. */
  subjectAccessHtml,
} from "./subject-access-html.js";
export {
  /** Plain-words labels: an event type's meaning, a field's name, a code's words. */
  eventLabels,
  /** A field's label in plain words. */
  fieldLabel,
  /** A code in plain words. */
  codeLabel,
} from "./plain-words.js";
