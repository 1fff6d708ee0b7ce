import type * as E from "fp-ts/lib/Either.js";
import { map } from "fp-ts/lib/Either.js";
import { pipe } from "fp-ts/lib/function.js";
import { eventCatalogue, isEventType } from "../events/catalogue.js";
import { streamCategory, streamIdPattern } from "../events/streams.js";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import { standardInstruments } from "../instruments/standard-instruments.js";
import type { RecordedEvent } from "../store/event-store.js";
import { EventIdSet } from "./event-id-set.js";
import { DEFAULT_MAX_LINE_BYTES, readHistoryLine, type HistoryLine } from "./history-line.js";
import { decodeCheckerMemory, encodeCheckerMemory, type CheckerMemory, type HistoryCheckerSnapshot } from "./history-checker-snapshot.js";
import { FutureBound } from "./future-bound.js";
import { historyProblem, type HistoryProblem } from "./history-problem.js";
import { StreamHistories } from "./stream-histories.js";
import type { TextLine } from "./text-lines.js";

/**
 * A line (or store event) the checker passed, with its 1-based line number (for a store's events,
 * its ordinal in the read), or the first thing wrong with it.
 */
export type CheckedLine =
  { readonly ok: true; readonly line: HistoryLine; readonly lineNumber: number } | { readonly ok: false; readonly problem: HistoryProblem };

export interface HistoryCheckerOptions {
  /** Lines over this many UTF-8 bytes are refused with LINE_TOO_LONG. Default 1 MiB. */
  readonly maxLineBytes?: number;
  /** The instruments assessments may name (with their score names). Default: the standard ones. */
  readonly instruments?: InstrumentRegistry;
  /** Milliseconds since the epoch: an event dated after it plus the handler's allowance is OCCURRED_IN_FUTURE. Default Date.now. */
  readonly clock?: () => number;
}

/** How a place in the history is named in messages: a file's line, or a store's event by its ordinal in the read. */
type Unit = "line" | "event";

/**
 * The one verdict on a history, that every reader uses: `linkwork validate`, `importHistory` and
 * every replay, from a file (`check`, line by line) or from a store (`checkRecorded`, event by
 * event). Each line is read on its own (size, UTF-8, JSON, envelope, type, schema; see
 * `readHistoryLine`), then against the lines before it: positions run 1, 2, 3, ... (a store's only
 * increase: an event at or before the last one checked is a redelivery and passed over), event ids
 * are unique, each stream's versions run 1, 2, 3, ... in order, and a stream that lost an event
 * refuses its later ones (FOLLOWS_SKIPPED_LINE), so nothing is applied on top of a hole; and each
 * stream's events must follow the domain's rules (see StreamHistories): no event after a case ended,
 * ids matching their stream, time not going backwards, instruments from the registry.
 *
 * Memory: a record per stream and a few words per event id (see EventIdSet), never the lines.
 * `snapshot()` and `HistoryChecker.restore` carry all of it across a restart, so a replay resumed
 * from a checkpoint checks on as if it had never stopped.
 */
export class HistoryChecker {
  readonly #maxLineBytes: number;
  readonly #instruments: InstrumentRegistry;
  /** Each stream's version, hole and history as its decider sees it, for the domain's rules. */
  #streams: StreamHistories;
  /** Every event id read so far, with the line that used it first. */
  #eventIds = new EventIdSet();
  /** The position the last line took (or, for a line out of order, the slot it stood in). */
  #lastPosition = 0n;
  /** After a line out of order, the position it claimed: the next line may follow either. */
  #claimedPosition: bigint | null = null;
  #lineNumber = 0;
  /** Whether a line without a readable envelope was refused: it may have held a stream's event. */
  #unreadableLines = false;
  /** A store's events: the position of the last one checked, null before the first. */
  #storePosition: bigint | null = null;
  #unit: Unit = "line";
  /** The command handler's "not in the future" rule, against this machine's clock. */
  readonly #future: FutureBound;

  constructor(options: HistoryCheckerOptions = {}) {
    this.#future = new FutureBound(options.clock);
    this.#maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.#instruments = options.instruments ?? standardInstruments;
    this.#streams = new StreamHistories(this.#instruments);
  }

  /** A checker that goes on from a snapshot (see `snapshot`), or why the data holds none: another version, or not a snapshot. */
  static restore(snapshot: unknown, options: HistoryCheckerOptions = {}): E.Either<string, HistoryChecker> {
    const checker = new HistoryChecker(options);
    return pipe(
      decodeCheckerMemory(snapshot, checker.#instruments),
      map((memory) => {
        checker.#unit = memory.unit;
        checker.#lineNumber = memory.lineNumber;
        checker.#lastPosition = memory.lastPosition;
        checker.#claimedPosition = memory.claimedPosition;
        checker.#unreadableLines = memory.unreadableLines;
        checker.#storePosition = memory.storePosition;
        checker.#eventIds = memory.eventIds;
        checker.#streams = memory.streams;
        return checker;
      }),
    );
  }

  /** Everything the checker has learnt, as JSON data: restored, it checks the rest of the history as this one would. */
  snapshot(): HistoryCheckerSnapshot {
    const memory: CheckerMemory = {
      unit: this.#unit,
      lineNumber: this.#lineNumber,
      lastPosition: this.#lastPosition,
      claimedPosition: this.#claimedPosition,
      unreadableLines: this.#unreadableLines,
      storePosition: this.#storePosition,
      eventIds: this.#eventIds,
      streams: this.#streams,
    };
    return encodeCheckerMemory(memory);
  }

  /** Lines (or store events) checked so far. */
  get lineNumber(): number {
    return this.#lineNumber;
  }

  /** A store's events: the position of the last one checked, or null before the first. */
  get storePosition(): bigint | null {
    return this.#storePosition;
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
    return this.#follow(line, lineNumber);
  }

  /**
   * Checks line `lineNumber` of a file of which this checker sees only some lines (a partition of a
   * parallel replay: every line of its streams, in file order): as `check`, except that the line's
   * position must be its line number (what `check` demands of every line of a file it passes) rather
   * than follow the line checked before. Event ids are checked against this checker's lines only: a
   * partitioned reader checks them across partitions itself. A line refused here is refused by
   * `check` in a one-pass read too, though the first problem of the file may be elsewhere.
   */
  checkAt(text: TextLine, lineNumber: number): CheckedLine {
    this.#lineNumber = lineNumber - 1;
    this.#lastPosition = BigInt(lineNumber - 1);
    this.#claimedPosition = null;
    return this.check(text);
  }

  /**
   * Checks a store's next event, as `check` checks a file's line: the same codes, with the event's
   * ordinal in the read as its line (the line it has in an export of the same read). Positions need
   * only increase; an event at or before the last position checked is a redelivery (stores deliver
   * at least once) and answers null: it was judged when first seen. A store hands events already
   * parsed, so only their envelope is checked here, not their schema: the adapters parse what they
   * read (store-eventstore refuses an event that does not), and the memory store holds what was appended.
   */
  checkRecorded(recorded: RecordedEvent): CheckedLine | null {
    const { position, streamId, streamVersion, event } = recorded;
    if (this.#storePosition !== null && position <= this.#storePosition) return null;
    this.#storePosition = position;
    this.#unit = "event";
    const lineNumber = ++this.#lineNumber;
    const type: unknown = (event as { readonly type?: unknown } | null)?.type;
    if (typeof type !== "string" || !isEventType(type)) {
      return this.#refuse(historyProblem("UNKNOWN_EVENT_TYPE", lineNumber, "type", `unknown event type "${String(type)}"`), recorded);
    }
    if (!Number.isSafeInteger(streamVersion) || streamVersion < 1) {
      return this.#refuse(historyProblem("INVALID_LINE", lineNumber, "streamVersion", "must be a whole number, 1 or more"), null);
    }
    if (!this.#streams.has(streamId) && !streamIdPattern.test(streamId)) {
      const message = `"${streamId}" must be <case|person|pcn|linkworker|codelist|provider>-<opaque id>`;
      return this.#refuse(historyProblem("INVALID_LINE", lineNumber, "streamId", message), null);
    }
    const category = eventCatalogue[type].category;
    if (category !== streamCategory(streamId)) {
      const message = `${type} belongs in a ${category} stream, not in ${streamId}`;
      return this.#refuse(historyProblem("WRONG_STREAM_CATEGORY", lineNumber, "type", message), recorded);
    }
    if (typeof event.metadata?.eventId !== "string") {
      return this.#refuse(historyProblem("INVALID_EVENT", lineNumber, "metadata.eventId", "must be a UUID v7"), recorded);
    }
    try {
      return this.#follow(recorded, lineNumber);
    } catch {
      // Only an event whose data is not of its type's shape can make a rule throw.
      const message = `the event does not have the shape of a ${type}`;
      return this.#refuse(historyProblem("INVALID_EVENT", lineNumber, "data", message), recorded);
    }
  }

  /**
   * A line the checker passed was lost afterwards (a store refused it): the stream's later lines
   * follow a hole and are refused as FOLLOWS_SKIPPED_LINE naming that line.
   */
  lost(streamId: string, lineNumber: number): void {
    if (!this.#streams.has(streamId)) return;
    const stream = this.#streams.open(streamId);
    if (stream !== undefined) this.#streams.broken(stream, streamId, lineNumber);
  }

  /** The rules every line or event meets once its position is in order: a new event id, its stream's next version, the domain's rules. */
  #follow(line: HistoryLine, lineNumber: number): CheckedLine {
    const eventId = line.event.metadata.eventId;
    const firstUse = this.#eventIds.firstUse(eventId, lineNumber);
    if (firstUse !== 0) {
      const message = `event id ${eventId} was already used on ${this.#unit} ${firstUse}`;
      return this.#refuse(historyProblem("DUPLICATE_EVENT_ID", lineNumber, "metadata.eventId", message), line);
    }
    const stream = this.#streams.open(line.streamId);
    if (stream === undefined) {
      // The envelope's pattern (files) and the check above (stores) let no such stream id through.
      return this.#refuse(
        historyProblem("INVALID_LINE", lineNumber, "streamId", "must be <case|person|pcn|linkworker|codelist|provider>-<opaque id>"),
        null,
      );
    }
    if (stream.brokenAt !== 0) return this.#refuse(followsSkippedLine(lineNumber, line.streamId, stream.brokenAt, this.#unit), line);
    if (line.streamVersion !== stream.version + 1) {
      return this.#refuse(
        historyProblem("STREAM_VERSION_MISMATCH", lineNumber, "streamVersion", this.#versionGap(line, stream.version)),
        line,
      );
    }
    const future = this.#futureRefusal(line, lineNumber);
    if (future !== null) return future;
    const refusal = this.#streams.follow(stream, line.streamId, line.event, line.streamVersion);
    if (refusal !== null) return this.#refuse(historyProblem(refusal.code, lineNumber, refusal.path, refusal.message), line);
    return { ok: true, line, lineNumber };
  }

  /** The line's event is dated after this machine's clock plus the handler's allowance: the handler would have refused it. */
  #futureRefusal(line: HistoryLine, lineNumber: number): CheckedLine | null {
    const occurredAt = line.event.metadata.occurredAt;
    const latest = this.#future.refusal(occurredAt);
    if (latest === null) return null;
    const message = `occurredAt ${occurredAt} is after ${latest}, the latest this machine's clock accepts now`;
    return this.#refuse(historyProblem("OCCURRED_IN_FUTURE", lineNumber, "metadata.occurredAt", message), line);
  }

  #versionGap(line: HistoryLine, version: number): string {
    const { streamId, streamVersion } = line;
    if (version === 0 && streamVersion > 1) {
      // A stream seen first past its start: its first events are gone, which a store does on its own
      // (EventStoreDB's $maxAge or $maxCount, a truncate-before, a delete outside Linkwork).
      const where =
        this.#unit === "event"
          ? "the store no longer holds them (retention such as $maxAge or $maxCount, a truncate-before, or a delete outside Linkwork)"
          : "the file does not hold them";
      return `${streamId} starts at version ${streamVersion}: its events 1 to ${streamVersion - 1} are missing, ${where}`;
    }
    const hint = this.#unreadableLines ? " (an earlier unreadable line may have held the missing event)" : "";
    const place = this.#unit === "event" ? "as read" : "in this file";
    return `${streamId} is at version ${version} ${place}, so this event must have streamVersion ${version + 1}, not ${streamVersion}${hint}`;
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
    const stream = this.#streams.open(place.streamId);
    if (stream !== undefined && place.streamVersion > stream.version) this.#streams.broken(stream, place.streamId, problem.line);
    return { ok: false, problem: { ...problem, streamId: place.streamId } };
  }
}

/** The problem of a line (or store event) whose stream lost an earlier one. */
export function followsSkippedLine(lineNumber: number, streamId: string, brokenAt: number, unit: Unit = "line"): HistoryProblem {
  const message = `an earlier event of ${streamId} (${unit} ${brokenAt}) was refused, so this one cannot follow it`;
  return { ...historyProblem("FOLLOWS_SKIPPED_LINE", lineNumber, "streamVersion", message), streamId };
}
