import * as E from "fp-ts/lib/Either.js";
import type { FieldIssue } from "../errors.js";
import type { LinkworkEvent } from "../events/catalogue.js";
import type { EventStore, ExpectedVersion } from "../store/event-store.js";
import type { StoreError } from "../store/store-error.js";
import { followsSkippedLine, HistoryChecker } from "./history-checker.js";
import { DEFAULT_MAX_LINE_BYTES, type HistoryLine } from "./history-line.js";
import { formatHistoryProblem, historyProblem, type HistoryProblem } from "./history-problem.js";
import { historySourceLines, type HistorySource } from "./history-source.js";
import type { TextLine } from "./text-lines.js";

export interface ImportProgress {
  /** Lines read so far. */
  readonly lines: number;
  /** Events the store has accepted so far. */
  readonly events: number;
}

export interface ImportHistoryOptions {
  /** `strict`: stop at the first bad line. `report`: skip bad lines and report every one. */
  readonly mode: "strict" | "report";
  /** Called every 10,000 lines and once at the end. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Most events in one append; consecutive events of one stream share an append. Default 500. */
  readonly batchSize?: number;
  /** Lines over this many UTF-8 bytes are refused with LINE_TOO_LONG. Default 1 MiB. */
  readonly maxLineBytes?: number;
}

export interface ImportReport {
  /** Lines read, good and bad. */
  readonly lines: number;
  /** Events the store accepted (a re-import of the same file counts them again; the store writes nothing twice). */
  readonly events: number;
  /** Streams with at least one accepted event. */
  readonly streams: number;
  /** Every refused line, in line order (always empty after a strict import that succeeded). */
  readonly problems: readonly HistoryProblem[];
}

/** Why an import stopped. `report` says what had been imported by then: everything before the line at fault. */
export type HistoryImportFailure =
  | {
      /** Strict mode: this line was refused; nothing of it was written, every line before it was. */
      readonly code: "LINE_REJECTED";
      readonly message: string;
      readonly problem: HistoryProblem;
      readonly report: ImportReport;
    }
  | {
      /** The source could not be read (a missing file, a stream that failed). */
      readonly code: "SOURCE_UNREADABLE";
      readonly message: string;
      readonly report: ImportReport;
    }
  | {
      /** The store failed (not a refusal of one append): the import stops in either mode. Importing again is idempotent. */
      readonly code: "STORE_UNAVAILABLE";
      readonly message: string;
      readonly line: number;
      readonly storeError: StoreError;
      readonly report: ImportReport;
    }
  | {
      readonly code: "INVALID_OPTIONS";
      readonly message: string;
      readonly issues: readonly FieldIssue[];
    };

const PROGRESS_EVERY = 10_000;
const DEFAULT_BATCH_SIZE = 500;

/** Consecutive accepted lines of one stream, appended together. */
interface Batch {
  readonly streamId: string;
  readonly firstVersion: number;
  readonly events: LinkworkEvent[];
  readonly lines: number[];
}

/** Why an import stopped, before the counts of what was imported are added. */
type Stop = DistributiveOmit<Exclude<HistoryImportFailure, { code: "INVALID_OPTIONS" }>, "report">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function invalidOptions(path: string, message: string): E.Either<HistoryImportFailure, never> {
  return E.left({ code: "INVALID_OPTIONS", message: `invalid import options: ${path}: ${message}`, issues: [{ path, message }] });
}

function wholeNumber(value: unknown, min: number, max: number): boolean {
  return value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max);
}

/**
 * One import: the checker's verdict on each line (see HistoryChecker) and the appends.
 * Lines are taken synchronously; the caller appends a batch whenever one falls due.
 */
class HistoryImport {
  readonly #store: EventStore;
  readonly #strict: boolean;
  readonly #batchSize: number;
  readonly #checker: HistoryChecker;
  /**
   * Streams with at least one event the store accepted: those whose first event it accepted, since
   * the checker refuses a stream's later lines once one is lost. Counted rather than kept in a set
   * of ids, which hashed every line's fresh stream id string again.
   */
  #storedStreams = 0;
  readonly #problems: HistoryProblem[] = [];
  #events = 0;
  #batch: Batch | null = null;
  /** A full batch, or one whose stream the file has left, waiting to be appended. */
  #due: Batch | null = null;
  #stop: Stop | null = null;
  /** False once the store refused or failed in a way that ends the import: nothing after it is appended. */
  #writable = true;

  constructor(store: EventStore, strict: boolean, batchSize: number, maxLineBytes: number) {
    this.#store = store;
    this.#strict = strict;
    this.#batchSize = batchSize;
    this.#checker = new HistoryChecker({ maxLineBytes });
  }

  get lineNumber(): number {
    return this.#checker.lineNumber;
  }

  get stopped(): boolean {
    return this.#stop !== null;
  }

  progress(): ImportProgress {
    return { lines: this.#checker.lineNumber, events: this.#events };
  }

  report(): ImportReport {
    const problems = this.#problems.length > 1 ? [...this.#problems].sort((a, b) => a.line - b.line) : this.#problems;
    return { lines: this.#checker.lineNumber, events: this.#events, streams: this.#storedStreams, problems };
  }

  /** Stops the import unless an earlier line already did. */
  stopWith(stop: Stop): void {
    if (this.#stop === null || lineOf(stop) < lineOf(this.#stop)) this.#stop = stop;
  }

  outcome(): E.Either<HistoryImportFailure, ImportReport> {
    return this.#stop === null ? E.right(this.report()) : E.left({ ...this.#stop, report: this.report() });
  }

  /** Checks and queues one line. `last` with `endedWithNewline` false marks a cut-short file. */
  take(text: TextLine, last: boolean, endedWithNewline: boolean): void {
    const checked = this.#checker.check(text, last, endedWithNewline);
    if (checked.ok) this.#queue(checked.line, checked.lineNumber);
    else if (this.#strict)
      this.stopWith({ code: "LINE_REJECTED", message: formatHistoryProblem(checked.problem), problem: checked.problem });
    else this.#problems.push(checked.problem);
  }

  #queue(line: HistoryLine, lineNumber: number): void {
    const batch = this.#batch;
    if (batch !== null && batch.streamId === line.streamId && batch.events.length < this.#batchSize) {
      batch.events.push(line.event);
      batch.lines.push(lineNumber);
      return;
    }
    this.#due = batch;
    this.#batch = { streamId: line.streamId, firstVersion: line.streamVersion, events: [line.event], lines: [lineNumber] };
  }

  /**
   * The batch to append now, taken off the queue: a batch that is due, or with `all` whatever is
   * queued. Null when there is none, or when a refusal means nothing more may be written.
   */
  takeBatch(all: boolean): Batch | null {
    if (!this.#writable) return null;
    let batch = this.#due;
    this.#due = null;
    if (batch === null && all) {
      batch = this.#batch;
      this.#batch = null;
    }
    return batch;
  }

  /**
   * Records how the store answered a batch's append. Most appends succeed and this returns null;
   * a refused batch of several events returns the work of finding the refused line.
   */
  appended(batch: Batch, answer: E.Either<StoreError, unknown>): Promise<void> | null {
    if (E.isRight(answer)) {
      this.#stored(batch.firstVersion, batch.events.length);
      return null;
    }
    if (batch.events.length === 1) {
      this.#storeRefused(batch, 0, answer.left);
      return null;
    }
    return this.#appendOneByOne(batch);
  }

  /**
   * Finds the line the store refuses: the lines before it go in one by one (an append of events the
   * store already holds writes nothing, so a partly imported file resumes cleanly).
   */
  async #appendOneByOne(batch: Batch): Promise<void> {
    for (let index = 0; index < batch.events.length; index++) {
      const single = await appendTo(this.#store, batch.streamId, [batch.events[index]!], batch.firstVersion + index);
      if (E.isLeft(single)) {
        this.#storeRefused(batch, index, single.left);
        return;
      }
      this.#stored(batch.firstVersion + index, 1);
    }
  }

  /** Appends every batch that can be appended now (with `all`, the one still filling too). */
  async flush(all: boolean): Promise<void> {
    for (let batch = this.takeBatch(all); batch !== null; batch = this.takeBatch(all)) {
      await this.appended(batch, await appendTo(this.#store, batch.streamId, batch.events, batch.firstVersion));
    }
  }

  /** Counts `events` accepted events of one stream, the first of them at `firstVersion`. */
  #stored(firstVersion: number, events: number): void {
    this.#events += events;
    if (firstVersion === 1) this.#storedStreams += 1;
  }

  #storeRefused(batch: Batch, index: number, error: StoreError): void {
    const lineNumber = batch.lines[index]!;
    if (error.code === "STORE_UNAVAILABLE") {
      this.#writable = false;
      this.stopWith({
        code: "STORE_UNAVAILABLE",
        message: `line ${lineNumber}: the store is unavailable: ${error.message}`,
        line: lineNumber,
        storeError: error,
      });
      return;
    }
    const problem = {
      ...historyProblem("STORE_REJECTED", lineNumber, "", `the store refused the event: ${error.message}`),
      streamId: batch.streamId,
    };
    if (this.#strict) {
      this.#writable = false;
      this.stopWith({ code: "LINE_REJECTED", message: formatHistoryProblem(problem), problem });
      return;
    }
    this.#problems.push(problem);
    this.#checker.lost(batch.streamId, lineNumber);
    const later = batch.lines.slice(index + 1);
    // A full batch may already have a successor of the same stream queued behind it.
    const queued = this.#batch;
    if (queued !== null && queued.streamId === batch.streamId) {
      later.push(...queued.lines);
      this.#batch = null;
    }
    for (const line of later) this.#problems.push(followsSkippedLine(line, batch.streamId, lineNumber));
  }
}

/** Appends events whose first has `firstVersion`; a store that throws (it should answer Left) counts as unavailable. */
async function appendTo(
  store: EventStore,
  streamId: string,
  events: readonly LinkworkEvent[],
  firstVersion: number,
): Promise<E.Either<StoreError, unknown>> {
  try {
    return await store.append(streamId, events, expectedBefore(firstVersion));
  } catch (error) {
    return E.left(storeThrew(error));
  }
}

/** The version a stream must be at before events starting at `firstVersion`: none for its first event. */
function expectedBefore(firstVersion: number): ExpectedVersion {
  return firstVersion === 1 ? "no_stream" : firstVersion - 1;
}

function storeThrew(error: unknown): StoreError {
  return { code: "STORE_UNAVAILABLE", message: `the store threw: ${(error as Error).message}`, retryable: false };
}

function lineOf(stop: Stop): number {
  switch (stop.code) {
    case "LINE_REJECTED":
      return stop.problem.line;
    case "STORE_UNAVAILABLE":
      return stop.line;
    case "SOURCE_UNREADABLE":
      return Number.MAX_SAFE_INTEGER;
  }
}

/**
 * Imports a history file into a store, line by line without holding the file in memory. Every line
 * is validated and upcast (see `parseHistoryLine`), positions must run 1, 2, 3, ..., event ids must
 * be unique and each stream's versions must run 1, 2, 3, ...; each event is appended expecting the
 * version before it, so importing the same file twice writes nothing the second time.
 *
 * Strict mode stops at the first bad line and answers Left naming it; everything before it is
 * written, nothing of it. Report mode skips bad lines (and the later lines of a stream that lost an
 * event) and answers Right with every problem. Never throws.
 */
export async function importHistory(
  source: HistorySource,
  store: EventStore,
  options: ImportHistoryOptions,
): Promise<E.Either<HistoryImportFailure, ImportReport>> {
  const mode = (options as { readonly mode?: unknown } | undefined)?.mode;
  if (mode !== "strict" && mode !== "report") return invalidOptions("mode", 'must be "strict" or "report"');
  if (!wholeNumber(options.batchSize, 1, 100_000)) return invalidOptions("batchSize", "must be a whole number from 1 to 100,000");
  if (!wholeNumber(options.maxLineBytes, 1, 256 * 1024 * 1024))
    return invalidOptions("maxLineBytes", "must be a whole number of bytes, 1 or more");
  if (options.onProgress !== undefined && typeof options.onProgress !== "function")
    return invalidOptions("onProgress", "must be a function");

  const run = new HistoryImport(
    store,
    mode === "strict",
    options.batchSize ?? DEFAULT_BATCH_SIZE,
    options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
  );
  const onProgress = options.onProgress;
  const source_ = historySourceLines(source, { maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES });
  // One line is held back so the last line is known as last (a truncated file shows there).
  let held: TextLine | null = null;
  /** Takes the held line; answers the batch that line made due, to append now, or null. */
  function takeHeld(): Batch | null {
    run.take(held!, false, true);
    held = null;
    return run.takeBatch(false);
  }
  function reportProgress(): void {
    if (onProgress !== undefined && run.lineNumber % PROGRESS_EVERY === 0) onProgress(run.progress());
  }
  try {
    reading: for await (const texts of source_.lines) {
      for (const text of texts) {
        if (held !== null) {
          // The hot path, written out in the loop: no promise per line, one await per append, straight
          // on the store's answer. An async helper per line cost about 5% of the CPU of a
          // stream-by-stream import (bench/history-import.ts's file, where 9 lines in 10 append nothing).
          const batch = takeHeld();
          if (batch !== null) {
            let answer: E.Either<StoreError, unknown>;
            try {
              answer = await store.append(batch.streamId, batch.events, expectedBefore(batch.firstVersion));
            } catch (error) {
              answer = E.left(storeThrew(error));
            }
            const slowPath = run.appended(batch, answer);
            if (slowPath !== null) await slowPath;
          }
          reportProgress();
          if (run.stopped) break reading;
        }
        held = text;
        // A line too long to hold is taken at once: its line end may never come (a file with none),
        // and it cannot be a cut-short last line.
        if (typeof text !== "string" && text.fault === "LINE_TOO_LONG") {
          const batch = takeHeld();
          if (batch !== null) await run.appended(batch, await appendTo(store, batch.streamId, batch.events, batch.firstVersion));
          reportProgress();
          if (run.stopped) break reading;
        }
      }
    }
    if (held !== null && !run.stopped) run.take(held, true, source_.endedWithNewline());
    held = null;
    await run.flush(true);
  } catch (error) {
    // Only the source throws here (stores answer with Either, and a throwing store is caught where
    // it is called). The splitter hands out a line only once its line end has come, so the held line is
    // whole: it and the lines before it are imported, as in any stop.
    if (held !== null && !run.stopped) run.take(held, false, true);
    await run.flush(true);
    run.stopWith({
      code: "SOURCE_UNREADABLE",
      message: `the history could not be read after line ${run.lineNumber}: ${(error as Error).message}`,
    });
  } finally {
    source_.close();
  }
  onProgress?.(run.progress());
  return run.outcome();
}
