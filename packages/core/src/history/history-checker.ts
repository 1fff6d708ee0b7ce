import type { InstrumentRegistry } from "../instruments/instrument.js";
import { standardInstruments } from "../instruments/standard-instruments.js";
import { DEFAULT_MAX_LINE_BYTES, readHistoryLine, type HistoryLine } from "./history-line.js";
import { StreamHistories } from "./stream-histories.js";
import { historyProblem, type HistoryProblem } from "./history-problem.js";
import { EventIdSet } from "./event-id-set.js";
import type { TextLine } from "./text-lines.js";

/** A line the checker passed (with its 1-based line number), or the first thing wrong with it. */
export type CheckedLine =
  { readonly ok: true; readonly line: HistoryLine; readonly lineNumber: number } | { readonly ok: false; readonly problem: HistoryProblem };

export interface HistoryCheckerOptions {
  /** Lines over this many UTF-8 bytes are refused with LINE_TOO_LONG. Default 1 MiB. */
  readonly maxLineBytes?: number;
  /** The instruments assessments may name (with their score names). Default: the standard ones. */
  readonly instruments?: InstrumentRegistry;
}

/** What the file has said so far about one stream. */
interface StreamProgress {
  /** The stream's version after its last line that passed. */
  version: number;
  /** The line whose event the stream lost (refused, skipped or refused later by a store); 0 while none. */
  brokenAt: number;
}

/**
 * The one verdict on a history file, line by line, that every reader uses: `linkwork validate`,
 * `importHistory` and every replay. Each line is read on its own (size, UTF-8, JSON, envelope, type,
 * schema; see `readHistoryLine`), then against the lines before it: positions run 1, 2, 3, ...,
 * event ids are unique, each stream's versions run 1, 2, 3, ... in file order, and a stream that
 * lost a line refuses its later lines (FOLLOWS_SKIPPED_LINE), so nothing is applied on top of a hole;
 * and each stream's events must follow the domain's rules (see StreamHistories): no event after a
 * case ended, ids matching their stream, time not going backwards, instruments from the registry.
 *
 * Memory: a few words per stream and per event id (see EventIdSet), never the lines themselves.
 */
export class HistoryChecker {
  readonly #maxLineBytes: number;
  readonly #streams = new Map<string, StreamProgress>();
  /** Each stream's history as its decider sees it, for the domain's rules. */
  readonly #histories: StreamHistories;
  /** Every event id read so far, with the line that used it first. */
  readonly #eventIds = new EventIdSet();
  /** The position the last line took (or, for a line out of order, the slot it stood in). */
  #lastPosition = 0n;
  /** After a line out of order, the position it claimed: the next line may follow either. */
  #claimedPosition: bigint | null = null;
  #lineNumber = 0;
  /** Whether a line without a readable envelope was refused: it may have held a stream's event. */
  #unreadableLines = false;

  constructor(options: HistoryCheckerOptions = {}) {
    this.#maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.#histories = new StreamHistories(options.instruments ?? standardInstruments);
  }

  /** Lines checked so far. */
  get lineNumber(): number {
    return this.#lineNumber;
  }

  /**
   * Checks the file's next line. `last` with `endedWithNewline` false marks the end of a file cut
   * short: a last line that does not parse there is TRUNCATED_LINE.
   */
  check(text: TextLine, last = false, endedWithNewline = true): CheckedLine {
    const lineNumber = ++this.#lineNumber;
    const reading = readHistoryLine(text, lineNumber, this.#maxLineBytes);
    if (!reading.ok) {
      const { problem, envelope } = reading;
      if (envelope !== null) {
        this.#takePosition(BigInt(envelope.position));
      } else if (problem.code !== "BLANK_LINE") {
        // A line that could not be read most likely held the next position: counting it keeps one
        // bad line from making the next good one look out of order. Blank lines hold none.
        this.#skipPosition();
      }
      // Cut short, the last line is not JSON, or ends inside a character.
      if (last && !endedWithNewline && (problem.code === "BAD_JSON" || problem.code === "INVALID_UTF8")) {
        return this.#refuse(
          historyProblem(
            "TRUNCATED_LINE",
            lineNumber,
            "",
            "truncated last line: no trailing newline and not valid JSON (was the file cut short?)",
          ),
          null,
        );
      }
      return this.#refuse(problem, envelope);
    }
    const line = reading.line;
    const previous = this.#lastPosition;
    if (!this.#takePosition(line.position)) {
      const message =
        previous === 0n
          ? `the first line must have position 1, not ${line.position}`
          : `position ${line.position} does not follow ${previous} (expected ${previous + 1n})`;
      return this.#refuse(historyProblem("OUT_OF_ORDER", lineNumber, "position", message), line);
    }
    const eventId = line.event.metadata.eventId;
    const firstUse = this.#eventIds.firstUse(eventId, lineNumber);
    if (firstUse !== 0) {
      const message = `event id ${eventId} was already used on line ${firstUse}`;
      return this.#refuse(historyProblem("DUPLICATE_EVENT_ID", lineNumber, "metadata.eventId", message), line);
    }
    let stream = this.#streams.get(line.streamId);
    if (stream === undefined) {
      stream = { version: 0, brokenAt: 0 };
      this.#streams.set(line.streamId, stream);
    }
    if (stream.brokenAt !== 0) return this.#refuse(followsSkippedLine(lineNumber, line.streamId, stream.brokenAt), line);
    if (line.streamVersion !== stream.version + 1) {
      const hint = this.#unreadableLines ? " (an earlier unreadable line may have held the missing event)" : "";
      const message = `${line.streamId} is at version ${stream.version} in this file, so this event must have streamVersion ${stream.version + 1}, not ${line.streamVersion}${hint}`;
      return this.#refuse(historyProblem("STREAM_VERSION_MISMATCH", lineNumber, "streamVersion", message), line);
    }
    const refusal = this.#histories.follow(line.streamId, line.event);
    if (refusal !== null) return this.#refuse(historyProblem(refusal.code, lineNumber, refusal.path, refusal.message), line);
    stream.version = line.streamVersion;
    return { ok: true, line, lineNumber };
  }

  /**
   * A line the checker passed was lost afterwards (a store refused it): the stream's later lines
   * follow a hole and are refused as FOLLOWS_SKIPPED_LINE naming that line.
   */
  lost(streamId: string, lineNumber: number): void {
    const stream = this.#streams.get(streamId);
    if (stream !== undefined && stream.brokenAt === 0) stream.brokenAt = lineNumber;
  }

  /**
   * Moves on to a line's position; false when it is out of order. A line out of order either stands
   * in its slot with a wrong number or follows a gap, and the next line tells which: it may follow
   * the slot or the claimed position. So a mistyped position and a missing line are one problem each.
   */
  #takePosition(position: bigint): boolean {
    const claimed = this.#claimedPosition;
    if (position === this.#lastPosition + 1n || (claimed !== null && position === claimed + 1n)) {
      this.#lastPosition = position;
      this.#claimedPosition = null;
      return true;
    }
    this.#lastPosition += 1n;
    this.#claimedPosition = position;
    return false;
  }

  #skipPosition(): void {
    this.#lastPosition += 1n;
    if (this.#claimedPosition !== null) this.#claimedPosition += 1n;
    this.#unreadableLines = true;
  }

  /**
   * A refused line that claims a version its stream has not reached (the next one, or one past a
   * gap) leaves the stream with a hole, so the stream's later lines are refused as
   * FOLLOWS_SKIPPED_LINE naming it; one that repeats an earlier version (a copied line) leaves the
   * stream whole.
   */
  #refuse(problem: HistoryProblem, place: { readonly streamId: string; readonly streamVersion: number } | null): CheckedLine {
    if (place === null) return { ok: false, problem };
    const stream = this.#streams.get(place.streamId);
    const version = stream?.version ?? 0;
    if (place.streamVersion > version && (stream === undefined || stream.brokenAt === 0)) {
      if (stream === undefined) this.#streams.set(place.streamId, { version, brokenAt: problem.line });
      else stream.brokenAt = problem.line;
    }
    return { ok: false, problem: { ...problem, streamId: place.streamId } };
  }
}

/** The problem of a line whose stream lost an earlier line. */
export function followsSkippedLine(lineNumber: number, streamId: string, brokenAt: number): HistoryProblem {
  const message = `an earlier event of ${streamId} (line ${brokenAt}) was refused, so this one cannot follow it`;
  return { ...historyProblem("FOLLOWS_SKIPPED_LINE", lineNumber, "streamVersion", message), streamId };
}
