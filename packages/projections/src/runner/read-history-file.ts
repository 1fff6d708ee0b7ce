import { open, type FileHandle } from "node:fs/promises";
import { once } from "node:events";
import * as E from "fp-ts/lib/Either.js";
import { formatHistoryProblem, HISTORY_CHUNK_BYTES, historySourceLines, parseHistoryLine, type RecordedEvent, type TextLine } from "@linkwork/core";
import { thrownReason } from "./runner-error.js";
import type { RunnerIntake } from "./runner-intake.js";

/**
 * Streams an NDJSON history file once: each line is parsed once by the core's line parser and the
 * parsed events go to the projections in batches: a chunk's lines (256 KiB), at most batchSize. Events at or below the intake's position are
 * still parsed (their position is inside the line) and then passed over by the runner.
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
  let lineNumber = 0;
  try {
    for await (const texts of source.lines) {
      if (!(await readLines(texts))) return;
    }
    await flush();
    if (!intake.ending()) await intake.caughtUp();
  } catch (thrown) {
    intake.fail({
      code: "FILE_UNREADABLE",
      message: `cannot read history file ${path} after line ${lineNumber}: ${thrownReason(thrown)}`,
      path,
      reason: thrownReason(thrown),
    });
  } finally {
    if (!stream.closed) {
      stream.destroy();
      await once(stream, "close");
    }
  }

  /** Parses and batches lines; false once the run is ending. */
  async function readLines(texts: readonly TextLine[]): Promise<boolean> {
    for (const text of texts) {
      lineNumber += 1;
      const parsed = parseHistoryLine(text, lineNumber);
      if (E.isLeft(parsed)) {
        // Events before a bad line are applied first, so a failure is reported in file order.
        await flush();
        intake.lineInvalid({
          code: "LINE_INVALID",
          message: `history file ${path}: ${formatHistoryProblem(parsed.left)}`,
          line: lineNumber,
          problem: parsed.left,
        });
        if (intake.ending()) return false;
        continue;
      }
      batch.push(parsed.right);
      batchLines.push(lineNumber);
      if (batch.length >= intake.batchSize) {
        await flush();
        if (intake.ending()) return false;
      }
    }
    // A chunk's events go to the projections before the next chunk is read: the fewer parsed events
    // wait in a batch, the fewer a young-generation collection has to copy.
    await flush();
    return !intake.ending();
  }

  async function flush(): Promise<void> {
    if (batch.length === 0) return;
    await intake.deliver(batch, batchLines);
    batch.length = 0;
    batchLines.length = 0;
  }
}
