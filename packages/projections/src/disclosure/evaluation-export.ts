import * as E from "fp-ts/lib/Either.js";
import { formatHistoryLine, writeFileAtomically } from "@linkwork/core";
import type { DateGranularity } from "./date-coarsening.js";
import { DisclosureError, recordedEvents, type DisclosureFailure, type DisclosureSource } from "./disclosure-source.js";
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
}

/** What an evaluation export wrote. */
export interface EvaluationExportSummary {
  readonly path: string;
  readonly events: number;
  readonly recipient: string;
  readonly dates: DateGranularity;
}

/**
 * The evaluation export's history lines (each ending in "\n"), a page at a time: every event of the
 * source pseudonymised for the recipient (see `pseudonymisedEvent`), in the source's order, its
 * positions renumbered 1..n. A valid history file: it replays through every read model. Iterating
 * throws a DisclosureError (see `writeEvaluationExport` for an Either).
 */
export async function* evaluationExportLines(
  source: DisclosureSource,
  options: EvaluationExportOptions,
  count: { events: number } = { events: 0 },
): AsyncGenerator<string, void, undefined> {
  const made = recipientKey(options.key);
  if (!made.ok) throw new DisclosureError(made.problem);
  const dates = options.dates ?? "day";
  let position = 0n;
  for await (const page of recordedEvents(source)) {
    let text = "";
    for (const recorded of page) {
      const exported = pseudonymisedEvent(recorded, made.key, dates);
      if (E.isLeft(exported)) throw new DisclosureError({ code: "EXPORT_INVALID", message: exported.left });
      position += 1n;
      text += `${formatHistoryLine(exported.right, position)}\n`;
    }
    count.events += page.length;
    yield text;
  }
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
  const count = { events: 0 };
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
  return E.right({ path, events: count.events, recipient: options.recipient, dates: options.dates ?? "day" });
}
