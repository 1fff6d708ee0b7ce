/**
 * line-scan.ts's scan of a history line, read from the file's bytes in place: no line is decoded to
 * a string unless its partition keeps it, and nothing is allocated for a line another partition
 * keeps but the small strings routing needs. Every worker of a parallel replay scans every line of
 * the file (partition-lines.ts), so this is the part of its work that does not divide. Measured on a
 * 10-PCN year (seed 7, 324,071 lines, 178 MB), process CPU of one thread reading the file as partition
 * 1 of 2 (read, split, scan, route, clock, its share of the id checks): through historySourceLines and
 * the string scan 0.52 s; through partition-lines.ts with this scan 0.34-0.39 s, the kept half's lines
 * decoded included (about 1.1 µs a line; three runs, `readPartitionLines` timed by process.cpuUsage).
 *
 * It accepts a subset of what scanHistoryLine accepts, and reads the same fields from it: the line in
 * Linkwork's layout, with no escape (the caller says whether the line holds a backslash), the stream
 * version's digits followed by the type, and the routing fields (stream, person, event id, time) in
 * ASCII, so that bytes and characters are one and the same. Anything else scans as false and the
 * replay goes one-pass. Checked against scanHistoryLine by test/parallel/byte-line-scan.property.test.ts.
 */
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (character) => character.charCodeAt(0));

const HEAD = ascii('{"position":"');
const STREAM = ascii('","streamId":"');
const VERSION = ascii('","streamVersion":');
const TYPE = ascii(',"type":"');
const REFERRAL = ascii('ReferralReceived"');
/** As Buffer.indexOf searches for it. */
const METADATA = Buffer.from(',"metadata":{"eventId":"', "latin1");
const OCCURRED = ascii('","occurredAt":"');
const PERSON = Buffer.from('"personId":"', "latin1");

const QUOTE = 34;
const DIGIT_0 = 48;
const DIGIT_9 = 57;

/** Where a scanned line's routing fields lie in the bytes (each from its start to its end, exclusive). */
export class ByteScan {
  streamStart = 0;
  streamEnd = 0;
  /** Whether the type is ReferralReceived; then the person's id lies at personStart..personEnd. */
  referral = false;
  personStart = 0;
  personEnd = 0;
  idStart = 0;
  idEnd = 0;
  occurredStart = 0;
  occurredEnd = 0;
}

/** Whether `bytes` at `at` hold `pattern` (within `end`). */
function holds(bytes: Uint8Array, at: number, end: number, pattern: Uint8Array): boolean {
  if (at + pattern.length > end) return false;
  for (let index = 0; index < pattern.length; index += 1) if (bytes[at + index] !== pattern[index]) return false;
  return true;
}

/** The end of the ASCII text from `from` to the next quote (before `end`), or -1 when there is none or a byte is not ASCII. */
function asciiQuoted(bytes: Uint8Array, from: number, end: number): number {
  for (let at = from; at < end; at += 1) {
    const byte = bytes[at]!;
    if (byte === QUOTE) return at;
    if (byte >= 0x80) return -1;
  }
  return -1;
}

/**
 * Scans the line `bytes[start..end)` (no line end in it, no backslash) into `out`: false when the
 * line is not as this scan reads it (`out` is then meaningless).
 */
export function scanHistoryLineBytes(bytes: Buffer, start: number, end: number, out: ByteScan): boolean {
  if (!holds(bytes, start, end, HEAD)) return false;
  let at = start + HEAD.length;
  while (at < end && bytes[at] !== QUOTE) at += 1;
  // The quote that ends the position must begin `","streamId":"`: it starts with that quote.
  if (!holds(bytes, at, end, STREAM)) return false;
  out.streamStart = at + STREAM.length;
  out.streamEnd = asciiQuoted(bytes, out.streamStart, end);
  if (out.streamEnd === -1 || !holds(bytes, out.streamEnd, end, VERSION)) return false;
  at = out.streamEnd + VERSION.length;
  const digits = at;
  while (at < end && bytes[at]! >= DIGIT_0 && bytes[at]! <= DIGIT_9) at += 1;
  if (at === digits || !holds(bytes, at, end, TYPE)) return false;
  at += TYPE.length;
  out.referral = holds(bytes, at, end, REFERRAL);
  const metadata = bytes.indexOf(METADATA, at);
  if (metadata === -1 || metadata + METADATA.length > end) return false;
  out.idStart = metadata + METADATA.length;
  out.idEnd = asciiQuoted(bytes, out.idStart, end);
  if (out.idEnd === -1 || !holds(bytes, out.idEnd, end, OCCURRED)) return false;
  out.occurredStart = out.idEnd + OCCURRED.length;
  out.occurredEnd = asciiQuoted(bytes, out.occurredStart, end);
  if (out.occurredEnd === -1) return false;
  if (out.referral) {
    const person = bytes.indexOf(PERSON, at);
    if (person === -1 || person > metadata) return false;
    out.personStart = person + PERSON.length;
    out.personEnd = asciiQuoted(bytes, out.personStart, end);
    if (out.personEnd === -1) return false;
  }
  return true;
}
