import { open, type FileHandle } from "node:fs/promises";
import { once } from "node:events";
import { formatHistoryProblem } from "@linkwork/core";
import { HISTORY_CHUNK_BYTES, HistoryChecker, historySourceLines } from "@linkwork/core/store-kit";
import type { HistoryProblem, RecordedEvent } from "@linkwork/core";
import type { CheckedLine, TextLine } from "@linkwork/core/store-kit";
import { thrownReason } from "./runner-error.js";
import type { RunnerIntake } from "./runner-intake.js";

/**
 * Streams an NDJSON history file once: each line gets the core's one verdict (HistoryChecker: the
 * line itself, then positions, event ids and stream versions against the lines before it, as
 * `linkwork validate` and an import check them) and the events that pass go to the projections in
 * batches: a chunk's lines (256 KiB), at most batchSize. Events at or below the intake's position
 * are still checked and then passed over by the runner.
 */
export async function readHistoryFile(path: string, intake: RunnerIntake): Promise<void> {
  let file: FileHandle;
  try {
    file = await open(path, "r");
  } catch (thrown) {
    return intake.fail({
      code: "FILE_UNREADABLE",
      message: `cannot open history file ${path}: ${thrownReason(thrown)}`,
      path,
      reason: thrownReason(thrown),
    });
  }
  // The stream owns the file from here (autoClose): destroying it closes the file.
  const stream = file.createReadStream({ highWaterMark: HISTORY_CHUNK_BYTES });
  const source = historySourceLines(stream);
  // Reused between batches: the only allocations per event are the line and its parse.
  const batch: RecordedEvent[] = [];
  const batchLines: number[] = [];
  const checker = new HistoryChecker();
  // One line is held back so the last line is known as last (a truncated file shows there).
  let held: TextLine | null = null;
  // A refused line waits here until the events before it are delivered.
  let refused: HistoryProblem | null = null;
  try {
    for await (const texts of source.lines) {
      if (!(await readLines(texts))) return;
    }
    if (held !== null && !(await readLastLine(held))) return;
    await flush();
    if (!intake.ending()) await intake.caughtUp();
  } catch (thrown) {
    intake.fail({
      code: "FILE_UNREADABLE",
      message: `cannot read history file ${path} after line ${checker.lineNumber}: ${thrownReason(thrown)}`,
      path,
      reason: thrownReason(thrown),
    });
  } finally {
    if (!stream.closed) {
      stream.destroy();
      await once(stream, "close");
    }
  }

  /** Checks and batches a chunk's lines; false once the run is ending. */
  async function readLines(texts: readonly TextLine[]): Promise<boolean> {
    for (const text of texts) {
      if (held !== null) {
        const previous = held;
        held = null;
        if (take(checker.check(previous)) && !(await deliver())) return false;
      }
      // A line too long to hold is taken at once: its line end may never come (a file with none).
      if (typeof text !== "string" && text.fault === "LINE_TOO_LONG") {
        if (take(checker.check(text)) && !(await deliver())) return false;
      } else held = text;
    }
    // A chunk's events go to the projections before the next chunk is read: the fewer parsed events
    // wait in a batch, the fewer a young-generation collection has to copy.
    return deliver();
  }

  /** Checks the held last line; false once the run is ending. */
  async function readLastLine(text: TextLine): Promise<boolean> {
    held = null;
    return !take(checker.check(text, true, source.endedWithNewline())) || deliver();
  }

  /** Batches a line's event, or keeps a refused line for the error policy; true when the batch must go now. */
  function take(checked: CheckedLine): boolean {
    if (!checked.ok) {
      refused = checked.problem;
      return true;
    }
    batch.push(checked.line);
    batchLines.push(checked.lineNumber);
    return batch.length >= intake.batchSize;
  }

  /**
   * Delivers the batch, then hands a refused line to the error policy (events before a bad line are
   * applied first, so a failure is reported in file order); false once the run is ending.
   */
  async function deliver(): Promise<boolean> {
    await flush();
    if (refused !== null) {
      const problem = refused;
      refused = null;
      intake.refused({
        code: "LINE_INVALID",
        message: `history file ${path}: ${formatHistoryProblem(problem)}`,
        line: problem.line,
        problem,
      });
    }
    return !intake.ending();
  }

  async function flush(): Promise<void> {
    if (batch.length === 0) return;
    await intake.deliver(batch, batchLines);
    batch.length = 0;
    batchLines.length = 0;
  }
}
