import * as E from "fp-ts/lib/Either.js";
import { formatHistoryLine, writeFileAtomically, type RecordedEvent } from "@linkwork/core";
import type { DateGranularity } from "./date-coarsening.js";
import { DisclosureError, recordedEvents, type DisclosureFailure, type DisclosureSource } from "./disclosure-source.js";
import { evaluationCohort, isLeftOut, type EvaluationCohort, type OptOutLookup } from "./evaluation-cohort.js";
import { ExportedGpRecordEntries } from "./exported-gp-record-entries.js";
import { pseudonymisedEvent } from "./pseudonymised-event.js";
import { recipientKey } from "./recipient-key.js";

/** Who an evaluation export is for, under which key, and how finely it keeps dates. */
export interface EvaluationExportOptions {
  /** The recipient's name, for the export's manifest (never written into the events). */
  readonly recipient: string;
  /** The recipient's key (at least 32 bytes): a key file's bytes or a secret's text. Never logged. */
  readonly key: Uint8Array | string;
  /** `day` (default), `week` or `month`; see `DateGranularity`. */
  readonly dates?: DateGranularity;
  /** Whether a person has a national data opt-out (from the person register); everyone is asked when given. */
  readonly nationalDataOptOut?: OptOutLookup;
}

/** Who an export left out, as counts (never ids): a person once, under the first reason that applies. */
export interface EvaluationExportLeftOut {
  /** People with a national data opt-out. */
  readonly optedOut: number;
  /** People without consent to evaluation in force at the end of the source. */
  readonly withoutConsent: number;
  /** Their events, all left out. */
  readonly events: number;
}

/** What an evaluation export wrote. */
export interface EvaluationExportSummary {
  readonly path: string;
  readonly events: number;
  readonly recipient: string;
  readonly dates: DateGranularity;
  readonly leftOut: EvaluationExportLeftOut;
}

/**
 * The evaluation export's history lines (each ending in "\n"), a page at a time: every event of the
 * source pseudonymised for the recipient (see `pseudonymisedEvent`), in the source's order, its
 * positions renumbered 1..n, but those of people left out (`evaluationCohort`: no consent to
 * evaluation in force, or a national data opt-out), whose streams are left out whole. Reads the
 * source twice: once to find who is left out, once to write. A valid history file: it replays
 * through every read model. Iterating throws a DisclosureError (see `writeEvaluationExport`).
 */
export async function* evaluationExportLines(
  source: DisclosureSource,
  options: EvaluationExportOptions,
  count: ExportCount = emptyCount(),
): AsyncGenerator<string, void, undefined> {
  const made = recipientKey(options.key);
  if (!made.ok) throw new DisclosureError(made.problem);
  const dates = options.dates ?? "day";
  const cohort = await evaluationCohort(source, options.nationalDataOptOut);
  count.optedOut = cohort.optedOut;
  count.withoutConsent = cohort.withoutConsent;
  let position = 0n;
  const gpRecordEntries = new ExportedGpRecordEntries();
  for await (const page of recordedEvents(source)) {
    let text = "";
    for (const recorded of page) {
      if (isLeftOut(recorded, cohort)) {
        count.leftOutEvents += 1;
        continue;
      }
      const exported = pseudonymisedEvent(withoutLeftOutMatch(recorded, cohort), made.key, dates);
      if (E.isLeft(exported)) throw new DisclosureError({ code: "EXPORT_INVALID", message: exported.left });
      position += 1n;
      count.events += 1;
      text += `${formatHistoryLine(gpRecordEntries.follow(recorded, exported.right), position)}\n`;
    }
    if (text.length > 0) yield text;
  }
}

/** What an export counted as it went. */
export interface ExportCount {
  events: number;
  leftOutEvents: number;
  optedOut: number;
  withoutConsent: number;
}

const emptyCount = (): ExportCount => ({ events: 0, leftOutEvents: 0, optedOut: 0, withoutConsent: 0 });

/** A comparison person matched to a case left out keeps no link to it: that case is not in the export. */
function withoutLeftOutMatch(recorded: RecordedEvent, cohort: EvaluationCohort): RecordedEvent {
  const { event } = recorded;
  if (event.type !== "ComparisonCohortEnrolled" || event.data.matchedCaseId === undefined) return recorded;
  if (!cohort.leftOutCases.has(event.data.matchedCaseId)) return recorded;
  const { matchedCaseId: _leftOut, ...data } = event.data;
  return { ...recorded, event: { ...event, data } };
}

/**
 * Writes an evaluation export to `path`, whole or not at all (a refused line, a short key or a failed
 * store leaves nothing behind). Never throws.
 *
 * ```ts
 * const written = await writeEvaluationExport({ file: "history.ndjson" }, "for-evaluator.ndjson", { recipient: "University of X", key });
 * ```
 */
export async function writeEvaluationExport(
  source: DisclosureSource,
  path: string,
  options: EvaluationExportOptions,
): Promise<E.Either<DisclosureFailure, EvaluationExportSummary>> {
  const made = recipientKey(options.key);
  if (!made.ok) return E.left(made.problem);
  const count = emptyCount();
  try {
    await writeFileAtomically(path, evaluationExportLines(source, options, count));
  } catch (thrown) {
    if (thrown instanceof DisclosureError) return E.left(thrown.failure);
    // Reading failures come as DisclosureErrors: anything else failed the writing.
    return E.left({
      code: "WRITE_FAILED",
      message: `cannot write ${path}: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      path,
    });
  }
  return E.right({
    path,
    events: count.events,
    recipient: options.recipient,
    dates: options.dates ?? "day",
    leftOut: { optedOut: count.optedOut, withoutConsent: count.withoutConsent, events: count.leftOutEvents },
  });
}
