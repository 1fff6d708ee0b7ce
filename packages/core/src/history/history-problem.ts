import type { FieldIssue } from "../errors.js";
import { printable } from "./printable-text.js";

/**
 * Why a line of a history file was refused. Codes are part of the public contract (evaluation
 * teams switch on them); messages are for people.
 */
export const historyProblemCodes = [
  /** The line is not JSON, or not a JSON object. */
  "BAD_JSON",
  /** The last line has no trailing newline and does not parse: the file was cut short. */
  "TRUNCATED_LINE",
  /** An empty or whitespace-only line; exports never write one. */
  "BLANK_LINE",
  /** The line is longer than the import's size limit. */
  "LINE_TOO_LONG",
  /** The line's bytes are not UTF-8: decoding would change them, so the line is not read. */
  "INVALID_UTF8",
  /** `position`, `streamId` or `streamVersion` is missing or malformed. */
  "INVALID_LINE",
  /** `type` names no event in the catalogue. */
  "UNKNOWN_EVENT_TYPE",
  /** The event type has no such `schemaVersion` (neither current nor one with an upcaster). */
  "UNKNOWN_SCHEMA_VERSION",
  /** The event breaks its schema; `path` names the field (`data.reasons[0]`). */
  "INVALID_EVENT",
  /** The event type belongs to another stream category than the line's stream. */
  "WRONG_STREAM_CATEGORY",
  /** `position` is not the previous line's position + 1 (lines out of order, missing or repeated). */
  "OUT_OF_ORDER",
  /** The event id was already used by an earlier line of the file. */
  "DUPLICATE_EVENT_ID",
  /** `streamVersion` is not the stream's previous version in the file + 1. */
  "STREAM_VERSION_MISMATCH",
  /** The stream's previous event was on a line that was skipped, so this one cannot follow it. */
  "FOLLOWS_SKIPPED_LINE",
  /** The event cannot follow its stream's earlier events: a case event after the case ended, a link worker leaving twice. */
  "INVALID_TRANSITION",
  /** The event's `occurredAt` is before its stream's latest event. */
  "TIME_WENT_BACKWARDS",
  /** The event's `occurredAt` is after the checking machine's clock plus the handler's allowance (5 minutes), as the handler refuses it. */
  "OCCURRED_IN_FUTURE",
  /** An id in the event is not the one its stream is named for (a `caseId` that differs from its `case-` stream). */
  "ID_MISMATCH",
  /** The event names a goal, connection, follow-up, instrument or score its stream or the registry does not have. */
  "UNKNOWN_REFERENCE",
  /** The store refused the append (for example CONCURRENCY_CONFLICT: it already holds other events in that stream). */
  "STORE_REJECTED",
] as const;

export type HistoryProblemCode = (typeof historyProblemCodes)[number];

/** One refused line: its 1-based line number, the field at fault ("" for the whole line), and why. */
export interface HistoryProblem {
  readonly code: HistoryProblemCode;
  readonly line: number;
  /** The offending field as people read it (`data.items[3]`), or "" when the whole line is at fault. */
  readonly path: string;
  readonly message: string;
  /** Every schema issue of the line, for INVALID_EVENT lines with more than one thing wrong. */
  readonly issues?: readonly FieldIssue[];
  /** The stream the line claimed, when that much of it was readable: the stream a refusal leaves short. */
  readonly streamId?: string;
}

/** A problem; the path and message may quote the file, so their unprintable characters are escaped. */
export function historyProblem(code: HistoryProblemCode, line: number, path: string, message: string): HistoryProblem {
  return { code, line, path: printable(path), message: printable(message) };
}

/** `line 12: data.items[3]: must be at most 10`, or `line 4: not valid JSON: ...` for a whole line. */
export function formatHistoryProblem(problem: HistoryProblem): string {
  return problem.path === "" ? `line ${problem.line}: ${problem.message}` : `line ${problem.line}: ${problem.path}: ${problem.message}`;
}
