import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { formatPath, type DomainError, type FieldIssue } from "../errors.js";
import {
  compiledEventSchema,
  currentSchemaVersion,
  eventCatalogue,
  eventTypes,
  isEventType,
  type EventType,
  type LinkworkEvent,
} from "../events/catalogue.js";
import { StreamId } from "../events/streams.js";
import { parseEvent, upcasters } from "../events/upcasting.js";
import type { RecordedEvent } from "../store/event-store.js";
import { historyProblem, type HistoryProblem } from "./history-problem.js";
import { printable } from "./printable-text.js";
import type { TextLine } from "./text-lines.js";

/**
 * The fields a history line adds around an event. The whole line is
 * `{"position","streamId","streamVersion","type","schemaVersion","data","metadata"}` in that order:
 * the envelope, then the event exactly as its schema orders it.
 */
export const HistoryLineEnvelope = z.object({
  /** The line's ordinal in the file, 1, 2, 3, ... as a decimal string (positions are bigints elsewhere). */
  position: z.string().regex(/^[1-9][0-9]{0,18}$/, 'must be a decimal string such as "1"'),
  streamId: StreamId,
  /** The stream's version after this event: 1 for the stream's first event. */
  streamVersion: z.number().int().min(1),
});
export type HistoryLineEnvelope = z.infer<typeof HistoryLineEnvelope>;

/**
 * One line of a history file, validated and lifted to the event's current schema version: a
 * recorded event whose position is the line's position in the file, so readers of files and of
 * stores (the projection runner) take the same shape.
 */
export type HistoryLine = RecordedEvent;

/** Lines longer than this (UTF-8 bytes, newline excluded) are refused unless an import says otherwise. */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/**
 * Reading a line either yields it or says why not; a refused line still tells its envelope when
 * that much was readable, so an import can tell which stream lost an event.
 */
export type HistoryLineReading =
  | { readonly ok: true; readonly line: HistoryLine }
  | { readonly ok: false; readonly problem: HistoryProblem; readonly envelope: HistoryLineEnvelope | null };

/** What reading a line needs to know of its event type, looked up once per line. */
interface TypeReader {
  /**
   * The type's name as the catalogue spells it. Events carry this string rather than the line's copy:
   * it is internalized, so every `switch (event.type)` downstream compares pointers, not characters.
   */
  readonly type: EventType;
  readonly category: string;
  /** `<category>-`: a stream id of the category starts with it. */
  readonly streamPrefix: string;
  readonly current: number;
  /** Schema versions readable: the current one and every one with an upcaster. */
  readonly versions: readonly number[];
  /** The current version's schema, compiled by zod's AOT compiler (same results and messages, several times faster). */
  readonly schema: z.ZodType;
  /** The whole line (envelope and current event) as one compiled schema: the usual line's one check. */
  readonly line: z.ZodType<HistoryLineEnvelope & Pick<LinkworkEvent, "type" | "schemaVersion" | "data" | "metadata">>;
}

// Built on first use, so importing the core compiles nothing.
const typeReaders = new Map<string, TypeReader>();
let compiledEnvelope: typeof HistoryLineEnvelope | null = null;

// The type read last: most lines follow a line of the same type (61% of a simulated year's), and
// comparing two strings is cheaper than hashing a fresh one for the map.
let lastReader: TypeReader | undefined;

function typeReader(type: string): TypeReader | undefined {
  if (lastReader !== undefined && type === lastReader.type) return lastReader;
  let reader = typeReaders.get(type);
  if (reader === undefined && isEventType(type)) {
    const { category, schema } = eventCatalogue[type];
    const current = currentSchemaVersion(type);
    const versions = [...upcasters.filter((step) => step.type === type).map((step) => step.fromVersion), current].sort((x, y) => x - y);
    const line = z.compile(HistoryLineEnvelope.extend((schema as z.ZodObject).shape)) as unknown as TypeReader["line"];
    const canonical = eventTypes.find((name) => name === type)!;
    reader = { type: canonical, category, streamPrefix: `${category}-`, current, versions, schema: compiledEventSchema(type), line };
    typeReaders.set(type, reader);
  }
  if (reader !== undefined) lastReader = reader;
  return reader;
}

const byteOrderMark = "starts with a byte order mark (U+FEFF): history files are UTF-8 without one; save the file without it";

function refused(problem: HistoryProblem, envelope: HistoryLineEnvelope | null): HistoryLineReading {
  return { ok: false, problem, envelope };
}

function invalidEvent(lineNumber: number, issues: readonly FieldIssue[], envelope: HistoryLineEnvelope): HistoryLineReading {
  const first = issues[0] ?? { path: "", message: "is not a valid event" };
  // Paths and messages may quote the line (an unknown key): echoed only once made printable.
  const safe = issues.map((issue) => ({ path: printable(issue.path), message: printable(issue.message) }));
  return refused({ ...historyProblem("INVALID_EVENT", lineNumber, first.path, first.message), issues: safe }, envelope);
}

function issuesOf(error: DomainError): readonly FieldIssue[] {
  return error.code === "VALIDATION_FAILED" ? error.issues : [{ path: "", message: error.message }];
}

/** A line's position as a bigint; through a number when exact (up to 15 digits), which is several times faster. */
function linePosition(digits: string): bigint {
  return digits.length <= 15 ? BigInt(Number(digits)) : BigInt(digits);
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * Reads one line (without its newline). Checks, in order: size, JSON, envelope, event type, the
 * type's stream category, schema version, then the event's schema (upcasting older versions).
 * Never throws.
 */
export function readHistoryLine(text: TextLine, lineNumber: number, maxLineBytes: number = DEFAULT_MAX_LINE_BYTES): HistoryLineReading {
  if (typeof text !== "string") {
    // The splitter held no text for the line: too long (it read just past the limit) or not UTF-8.
    return text.fault === "LINE_TOO_LONG"
      ? refused(historyProblem("LINE_TOO_LONG", lineNumber, "", `line is over the ${text.maxLineBytes}-byte limit`), null)
      : refused(historyProblem("INVALID_UTF8", lineNumber, "", "line is not valid UTF-8 text"), null);
  }
  // A UTF-16 unit is at most 3 UTF-8 bytes, so most lines skip the byte count.
  if (text.length * 3 > maxLineBytes && utf8Length(text) > maxLineBytes) {
    return refused(historyProblem("LINE_TOO_LONG", lineNumber, "", `line is over the ${maxLineBytes}-byte limit`), null);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    if (text.trim() === "")
      return refused(historyProblem("BLANK_LINE", lineNumber, "", "blank line (every line must hold one event)"), null);
    // Windows tools often save UTF-8 with a byte order mark, and joining such files puts one inside.
    if (text.charCodeAt(0) === 0xfeff) return refused(historyProblem("BAD_JSON", lineNumber, "", byteOrderMark), null);
    return refused(historyProblem("BAD_JSON", lineNumber, "", `not valid JSON: ${withoutQuotedText((error as Error).message)}`), null);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return refused(historyProblem("BAD_JSON", lineNumber, "", "must be a JSON object, one event per line"), null);
  }
  const { type, schemaVersion, streamId } = raw as {
    readonly type?: unknown;
    readonly schemaVersion?: unknown;
    readonly streamId?: unknown;
  };
  const reader = typeof type === "string" ? typeReader(type) : undefined;
  // The usual line, a known type at its current version in a stream of its category, passes one
  // compiled check of the whole line; anything else is read step by step to say what is wrong.
  if (
    reader !== undefined &&
    schemaVersion === reader.current &&
    typeof streamId === "string" &&
    streamId.startsWith(reader.streamPrefix)
  ) {
    const parsed = reader.line.safeParse(raw);
    if (parsed.success) {
      const line = parsed.data;
      const event = { type: reader.type, schemaVersion: line.schemaVersion, data: line.data, metadata: line.metadata } as LinkworkEvent;
      return {
        ok: true,
        line: { position: linePosition(line.position), streamId: line.streamId, streamVersion: line.streamVersion, event },
      };
    }
  }
  return readStepByStep(raw, lineNumber, reader);
}

/** The checks one by one, in the order of the contract, so a refusal names its first fault. */
function readStepByStep(raw: object, lineNumber: number, reader: TypeReader | undefined): HistoryLineReading {
  compiledEnvelope ??= z.compile(HistoryLineEnvelope);
  const envelopeRead = compiledEnvelope.safeParse(raw);
  if (!envelopeRead.success) {
    const issue = envelopeRead.error.issues[0];
    return refused(
      historyProblem("INVALID_LINE", lineNumber, issue === undefined ? "" : formatPath(issue.path), issue?.message ?? "invalid line"),
      null,
    );
  }
  const envelope = envelopeRead.data;
  const { type, schemaVersion } = raw as { readonly type?: unknown; readonly schemaVersion?: unknown };
  if (reader === undefined) {
    const message = typeof type === "string" ? `unknown event type "${type}"` : "must name an event type";
    return refused(historyProblem("UNKNOWN_EVENT_TYPE", lineNumber, "type", message), envelope);
  }
  if (!envelope.streamId.startsWith(reader.streamPrefix)) {
    const message = `${String(type)} belongs in a ${reader.category} stream, not in ${envelope.streamId}`;
    return refused(historyProblem("WRONG_STREAM_CATEGORY", lineNumber, "type", message), envelope);
  }
  let event: LinkworkEvent;
  if (schemaVersion === reader.current) {
    const parsed = reader.schema.safeParse(raw);
    if (!parsed.success) {
      return invalidEvent(
        lineNumber,
        parsed.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
        envelope,
      );
    }
    event = parsed.data as LinkworkEvent;
  } else {
    if (typeof schemaVersion !== "number" || !reader.versions.includes(schemaVersion)) {
      const message = `${String(type)} has no schema version ${JSON.stringify(schemaVersion) ?? "(missing)"} (readable: ${reader.versions.join(", ")})`;
      return refused(historyProblem("UNKNOWN_SCHEMA_VERSION", lineNumber, "schemaVersion", message), envelope);
    }
    // Older versions go through the core's upcasting chain, which validates each step.
    const upcast = parseEvent(raw);
    if (E.isLeft(upcast)) return invalidEvent(lineNumber, issuesOf(upcast.left), envelope);
    event = upcast.right;
  }
  return {
    ok: true,
    line: { position: linePosition(envelope.position), streamId: envelope.streamId, streamVersion: envelope.streamVersion, event },
  };
}

export interface ParseHistoryLineOptions {
  /** Lines over this many UTF-8 bytes are refused with LINE_TOO_LONG. Default 1 MiB. */
  readonly maxLineBytes?: number;
}

/**
 * Parses one history line (without its newline), validating and upcasting the event; a line the
 * splitter could not hold as text (too long, not UTF-8) is refused with its code. Never throws.
 */
export function parseHistoryLine(
  text: TextLine,
  lineNumber: number,
  options: ParseHistoryLineOptions = {},
): E.Either<HistoryProblem, HistoryLine> {
  const reading = readHistoryLine(text, lineNumber, options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  return reading.ok ? E.right(reading.line) : E.left(reading.problem);
}

/**
 * The event in canonical form: current schema version, keys in schema order, unknown keys dropped.
 * Parsing does all three, since zod builds its output in the order of the schema's shape.
 */
export function canonicalEvent(event: LinkworkEvent): E.Either<DomainError, LinkworkEvent> {
  const type = (event as { readonly type?: unknown }).type;
  const reader = typeof type === "string" ? typeReader(type) : undefined;
  if (reader !== undefined && event.schemaVersion === reader.current) {
    const parsed = reader.schema.safeParse(event);
    if (parsed.success) return E.right(parsed.data as LinkworkEvent);
  }
  return parseEvent(event);
}

/** The line text for an event already in canonical form. */
export function historyLineText(position: bigint, streamId: string, streamVersion: number, event: LinkworkEvent): string {
  // The event's own JSON, opened up so the envelope keys come first without re-serialising them.
  return `{"position":"${position}","streamId":${JSON.stringify(streamId)},"streamVersion":${streamVersion},${JSON.stringify(event).slice(1)}`;
}

/**
 * The canonical line (without newline) for a recorded event at a position of a file. The store's own
 * global position is never written: files number their lines from 1. An event that fails its
 * schema (which a store should never hold) is written as stored, for the importer to refuse.
 */
export function formatHistoryLine(recorded: RecordedEvent, position: bigint): string {
  const canonical = canonicalEvent(recorded.event);
  return historyLineText(position, recorded.streamId, recorded.streamVersion, E.isRight(canonical) ? canonical.right : recorded.event);
}

/**
 * JSON.parse's message without the text it quotes (V8: `Unexpected token 'J', "Jane Smith"... is not
 * valid JSON`, `"undefined" is not valid JSON`): a line that is not JSON may be anything, a name or an
 * NHS number, and problems are printed and logged. Any other wording that quotes text keeps only the
 * position, as the read models' snapshot codec does (parseSnapshotJson).
 */
function withoutQuotedText(message: string): string {
  const reason = message.replace(/^(Unexpected token '.{1,2}'), .* is not valid JSON$/su, "$1");
  if (!reason.includes('"')) return reason;
  const at = /at position (\d+)/.exec(reason)?.[1];
  return at === undefined ? "not a JSON value" : `at character ${at}`;
}
