/**
 * What a parallel replay needs of a history line to route it, without parsing it. The workers read
 * it from the file's bytes (byte-line-scan.ts); `scanHistoryLine` reads the same from the line's text
 * by string search (about 0.3 µs a 550-byte line, where `JSON.parse` takes 1.3-1.4 µs) and is the
 * plain reference the byte scan is checked against. Both read the layout every Linkwork writer gives
 * a line (`historyLineText`: position, streamId, streamVersion, type, schemaVersion, data, metadata
 * beginning with eventId and occurredAt); a line laid out otherwise, or with an escape (JSON writes
 * none for Linkwork's codes and ids), scans as null and the replay goes one-pass. Nothing here is
 * trusted: the worker that keeps the line parses it and checks the scan against the parsed line
 * (`scanMatches`; its position is held to its line number by the checker), and any difference makes
 * the replay one-pass. Checked against `JSON.parse` by test/parallel/line-scan.property.test.ts.
 */
export interface ScannedLine {
  readonly streamId: string;
  /** Whether the type is ReferralReceived (the only type that routes a case). */
  readonly referral: boolean;
  readonly eventId: string;
  readonly occurredAt: string;
  /** ReferralReceived's `data.personId`; null for any other type. */
  readonly personId: string | null;
}

const HEAD = '{"position":"';
const STREAM = '","streamId":"';
const VERSION = '","streamVersion":';
const TYPE = ',"type":"';
const REFERRAL = 'ReferralReceived"';
const METADATA = ',"metadata":{"eventId":"';
const OCCURRED = '","occurredAt":"';
const PERSON = '"personId":"';

/** The text from `from` to the next quote, or null when there is none (the line holds no escape). */
function quoted(text: string, from: number): string | null {
  const end = text.indexOf('"', from);
  return end === -1 ? null : text.slice(from, end);
}

/**
 * The routing fields of a line in Linkwork's layout, or null when the line is not in it. A line with
 * an escape anywhere scans as null: with none, every quote in it opens or closes a string.
 */
export function scanHistoryLine(text: string): ScannedLine | null {
  if (!text.startsWith(HEAD) || text.includes("\\")) return null;
  let at = text.indexOf('"', HEAD.length);
  if (at === -1 || !text.startsWith(STREAM, at)) return null;
  at += STREAM.length;
  const streamId = quoted(text, at);
  if (streamId === null) return null;
  at += streamId.length;
  if (!text.startsWith(VERSION, at)) return null;
  at = text.indexOf(TYPE, at + VERSION.length);
  if (at === -1) return null;
  at += TYPE.length;
  const referral = text.startsWith(REFERRAL, at);
  const metadata = text.indexOf(METADATA, at);
  if (metadata === -1) return null;
  const idAt = metadata + METADATA.length;
  const eventId = quoted(text, idAt);
  if (eventId === null || !text.startsWith(OCCURRED, idAt + eventId.length)) return null;
  const occurredAt = quoted(text, idAt + eventId.length + OCCURRED.length);
  if (occurredAt === null) return null;
  let personId: string | null = null;
  if (referral) {
    const personAt = text.indexOf(PERSON, at);
    if (personAt === -1 || personAt > metadata) return null;
    personId = quoted(text, personAt + PERSON.length);
    if (personId === null) return null;
  }
  return { streamId, referral, eventId, occurredAt, personId };
}

/** The parsed line's own fields, as a worker holds them after the checker passed the line. */
export interface ParsedFields {
  readonly streamId: string;
  readonly event: {
    readonly type: string;
    readonly data: unknown;
    readonly metadata: { readonly eventId: string; readonly occurredAt: string };
  };
}

/** Whether a scan read exactly what parsing the line gave (so the main thread routed it as the parsed line says). */
export function scanMatches(scanned: ScannedLine, parsed: ParsedFields): boolean {
  const { event } = parsed;
  const referral = event.type === "ReferralReceived";
  if (
    scanned.streamId !== parsed.streamId ||
    scanned.referral !== referral ||
    scanned.eventId !== event.metadata.eventId ||
    scanned.occurredAt !== event.metadata.occurredAt
  )
    return false;
  return scanned.personId === (referral ? (event.data as { readonly personId?: unknown }).personId : null);
}
