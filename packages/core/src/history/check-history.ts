import * as E from "fp-ts/lib/Either.js";
import { HistoryChecker } from "./history-checker.js";
import { DEFAULT_MAX_LINE_BYTES } from "./history-line.js";
import type { HistoryProblem } from "./history-problem.js";
import { historySourceLines, type HistorySource } from "./history-source.js";
import type { ImportReport } from "./import-history.js";
import type { TextLine } from "./text-lines.js";

export interface CheckHistoryOptions {
  /** Lines over this many UTF-8 bytes are refused with LINE_TOO_LONG. Default 1 MiB. */
  readonly maxLineBytes?: number;
  /**
   * Each problem as it is found, in line order; the report then holds none (`problems: []`), so a
   * file of millions of bad lines is never held (`linkwork validate` prints them as they come).
   */
  readonly onProblem?: (problem: HistoryProblem) => void;
}

/** Why a check stopped: the source could not be read (what was read by then is in `report`). */
export interface CheckHistoryFailure {
  readonly code: "SOURCE_UNREADABLE";
  readonly message: string;
  readonly report: ImportReport;
}

/**
 * The report an import in report mode into a fresh store gives (`importHistory(source,
 * memoryEventStore(), { mode: "report" })`: every problem by line, the lines, events and streams),
 * from the checker alone, holding no events. Why it is the same: a fresh store refuses an append
 * only for what the checker already refuses (a stream id's shape, an event's type, its category, its
 * event id, its stream's next version, an id used twice), so it never refuses a line the checker
 * passed (integration/core/check-history.property.test.ts checks the two agree on damaged files).
 * `linkwork validate` runs this: the store held the whole file in memory, and its appends and the
 * collector's work on what it held took about a quarter of the command's time on a 10-PCN year.
 * Never throws.
 */
export async function checkHistory(
  source: HistorySource,
  options: CheckHistoryOptions = {},
): Promise<E.Either<CheckHistoryFailure, ImportReport>> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const checker = new HistoryChecker({ maxLineBytes });
  const problems: HistoryProblem[] = [];
  let events = 0;
  // A stream's lines pass with versions 1, 2, 3, ... (the checker refuses any other), so the streams
  // with a line passed are the lines passed at version 1: no set of stream ids is kept.
  let streams = 0;
  const take = (text: TextLine, last: boolean, endedWithNewline: boolean) => {
    const checked = checker.check(text, last, endedWithNewline);
    if (checked.ok) {
      events += 1;
      if (checked.line.streamVersion === 1) streams += 1;
    } else if (options.onProblem !== undefined) options.onProblem(checked.problem);
    else problems.push(checked.problem);
  };
  const report = (): ImportReport => ({
    lines: checker.lineNumber,
    events,
    streams,
    problems: problems.length > 1 ? [...problems].sort((a, b) => a.line - b.line) : problems,
  });
  const lines = historySourceLines(source, { maxLineBytes });
  // One line is held back so the last line is known as last (a truncated file shows there).
  let held: TextLine | null = null;
  try {
    for await (const texts of lines.lines) {
      for (const text of texts) {
        if (held !== null) take(held, false, true);
        held = text;
        // A line too long to hold is taken at once: its line end may never come (a file with none).
        if (typeof text !== "string" && text.fault === "LINE_TOO_LONG") {
          take(text, false, true);
          held = null;
        }
      }
    }
    if (held !== null) take(held, true, lines.endedWithNewline());
    held = null;
  } catch (error) {
    // Only the source throws here; the splitter hands out a line only once its line end has come.
    if (held !== null) take(held, false, true);
    return E.left({
      code: "SOURCE_UNREADABLE",
      message: `the history could not be read after line ${checker.lineNumber}: ${(error as Error).message}`,
      report: report(),
    });
  } finally {
    lines.close();
  }
  return E.right(report());
}
