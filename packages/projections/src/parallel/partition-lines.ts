import { closeSync, openSync, readSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { EventIdSet } from "@linkwork/core/store-kit";
import { instantMs } from "../read-models/shared/occurred-at.js";
import { ByteScan, scanHistoryLineBytes } from "./byte-line-scan.js";
import type { ScannedLine } from "./line-scan.js";
import type { PartitionRoute } from "./person-partitions.js";

/** One of the partition's lines, as `readPartitionLines` hands it over. */
export interface PartitionLine {
  readonly text: string;
  readonly lineNumber: number;
  /** What the scan read of it (the caller checks it against the parsed line). */
  readonly scanned: ScannedLine;
  /** The latest occurredAt (epoch ms) of the lines before it in the file; NaN before the first. */
  readonly clockBefore: number;
}

/** The end of a partition's reading: every line read, or the file must go one-pass. */
export type PartitionReading =
  | { readonly kind: "read"; readonly lines: number; /** The latest occurredAt of every line, NaN for none. */ readonly clock: number }
  | { readonly kind: "one-pass" };

/** Bytes read at a time; a buffer holds this and a line of the longest a history file may have. */
const READ_BYTES = 1024 * 1024;
/**
 * The core's line limit for a history file (DEFAULT_MAX_LINE_BYTES, history-line.ts): a longer line
 * goes one-pass, where it is refused as LINE_TOO_LONG (a lower limit here would only send more files
 * one-pass; the checker refuses a longer line either way).
 */
const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;

/** Bytes of an event id hashed: its last ones (a UUID's random part ends it). */
const HASHED_ID_BYTES = 6;

/**
 * FNV-1a over an id's last bytes with ASCII letters lower-cased, as the checker compares event ids
 * (only ASCII ids scan): ids the checker holds equal hash alike.
 */
function lowerCaseHash(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = Math.max(start, end - HASHED_ID_BYTES); at < end; at += 1) {
    const byte = bytes[at]!;
    hash ^= byte >= 65 && byte <= 90 ? byte + 32 : byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const CASE_STREAM = Buffer.from("case-", "latin1");
const PERSON_STREAM = Buffer.from("person-", "latin1");

/** FNV-1a of `bytes[start..end)`: what hashedPartition computes from the same ASCII text. */
function fnv(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let at = start; at < end; at += 1) {
    hash ^= bytes[at]!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Whether `bytes[start..end)` begins with `prefix`. */
function startsWith(bytes: Uint8Array, start: number, end: number, prefix: Uint8Array): boolean {
  if (end - start < prefix.length) return false;
  for (let at = 0; at < prefix.length; at += 1) if (bytes[start + at] !== prefix[at]) return false;
  return true;
}

/**
 * Routes a scanned line from its bytes exactly as `personPartitioner(partitions).routeKeys` routes
 * its stream id and referred person (person-partitions.ts; the scan holds both to ASCII, so the byte
 * hash is the text's): a person stream by the hash of its id, with no string made for it; a case
 * stream by the partition its referral gave it; anything else to every partition. Checked against
 * personPartitioner by test/parallel/partition-lines.property.test.ts.
 */
class ByteRouter {
  readonly #partitions: number;
  readonly #cases = new Map<string, number>();

  constructor(partitions: number) {
    this.#partitions = partitions;
  }

  route(bytes: Buffer, scan: ByteScan): PartitionRoute {
    const { streamStart, streamEnd } = scan;
    if (startsWith(bytes, streamStart, streamEnd, PERSON_STREAM))
      return fnv(bytes, streamStart + PERSON_STREAM.length, streamEnd) % this.#partitions;
    if (!startsWith(bytes, streamStart, streamEnd, CASE_STREAM)) return "every";
    const caseId = bytes.toString("latin1", streamStart + CASE_STREAM.length, streamEnd);
    const known = this.#cases.get(caseId);
    if (known !== undefined || !scan.referral) return known ?? 0;
    const partition = fnv(bytes, scan.personStart, scan.personEnd) % this.#partitions;
    this.#cases.set(caseId, partition);
    return partition;
  }
}

/** Longest `occurredAt` remembered: Linkwork writes 20 or 24 characters. */
const REMEMBERED_TIME_BYTES = 40;

/**
 * The last `occurredAt` read, as text and epoch ms: consecutive lines mostly share it (nine lines in
 * ten of a simulated year), and then neither a string nor a parse is needed for it.
 */
class OccurredAtCache {
  readonly #bytes = new Uint8Array(REMEMBERED_TIME_BYTES);
  #length = -1;
  #ms = Number.NaN;
  /** The last time read, as text. */
  text = "";

  /** The epoch ms of the time at `bytes[start..end)` (instantMs of its text), which `text` then holds. */
  ms(bytes: Buffer, start: number, end: number): number {
    const length = end - start;
    if (length === this.#length) {
      let at = 0;
      while (at < length && bytes[start + at] === this.#bytes[at]) at += 1;
      if (at === length) return this.#ms;
    }
    this.text = bytes.toString("latin1", start, end);
    this.#ms = instantMs(this.text);
    this.#length = length <= REMEMBERED_TIME_BYTES ? length : -1;
    if (this.#length !== -1) this.#bytes.set(bytes.subarray(start, end));
    return this.#ms;
  }
}

/**
 * Reads the history file at `path` as one partition of a parallel replay: every worker reads the
 * whole file itself and keeps its partition's lines by a scan of the bytes (byte-line-scan.ts, no
 * parse, no string for a line it does not keep), routing each as every other worker does
 * (person-partitions.ts), so no thread routes for the others. `take` gets each of the partition's
 * lines in file order (the reference data is every partition's) and answers false to stop.
 *
 * It also checks event ids across partitions: the partition an id's hash picks keeps it and goes
 * one-pass when it comes again, on any line of the file, so each id is checked by exactly one
 * worker; ids are hashed lower-cased, as the checker compares them. And it keeps the read models'
 * clock: the latest `occurredAt` of the lines before each line.
 *
 * It goes one-pass (the replay's verdict is then a one-pass replay's, in that replay's words)
 * whenever the file is not as Linkwork writes it: a "\r" anywhere, a line that does not scan, an
 * empty line, a line over the line limit, a kept line that is not UTF-8, an event id used before,
 * an unreadable file; or when `take` answers false.
 */
export function readPartitionLines(
  path: string,
  partitions: number,
  index: number,
  take: (line: PartitionLine) => boolean,
  onChunk?: (lines: number) => void,
): PartitionReading {
  const router = new ByteRouter(partitions);
  const ids = new EventIdSet();
  const scan = new ByteScan();
  const times = new OccurredAtCache();
  let clock = Number.NaN;
  let lineNumber = 0;

  /** The line `bytes[start..end)`: false to go one-pass. */
  const line = (bytes: Buffer, start: number, end: number): boolean => {
    lineNumber += 1;
    if (end - start > DEFAULT_MAX_LINE_BYTES || !scanHistoryLineBytes(bytes, start, end, scan)) return false;
    const { idStart, idEnd } = scan;
    if (
      lowerCaseHash(bytes, idStart, idEnd) % partitions === index &&
      ids.firstUse(bytes.toString("latin1", idStart, idEnd), lineNumber) !== 0
    )
      return false;
    const route = router.route(bytes, scan);
    const clockBefore = clock;
    const at = times.ms(bytes, scan.occurredStart, scan.occurredEnd);
    if (Number.isNaN(clock) || at > clock) clock = at;
    if (route !== "every" && route !== index) return true;
    // Bytes that are not UTF-8 decode to U+FFFD: only a line that holds one is checked further.
    const text = bytes.toString("utf8", start, end);
    if (text.includes("\uFFFD") && !isUtf8(bytes.subarray(start, end))) return false;
    const scanned: ScannedLine = {
      streamId: bytes.toString("latin1", scan.streamStart, scan.streamEnd),
      referral: scan.referral,
      eventId: bytes.toString("latin1", idStart, idEnd),
      occurredAt: times.text,
      personId: scan.referral ? bytes.toString("latin1", scan.personStart, scan.personEnd) : null,
    };
    return take({ text, lineNumber, scanned, clockBefore });
  };

  let file: number;
  try {
    file = openSync(path, "r");
  } catch {
    return { kind: "one-pass" };
  }
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES + DEFAULT_MAX_LINE_BYTES + 1);
    // Bytes of a line not ended yet, at the start of the buffer.
    let held = 0;
    for (;;) {
      const read = readSync(file, buffer, held, buffer.length - held, null);
      if (read === 0) {
        // The last line, without a newline after it (a file cut short: its owner's checker judges it as a one-pass read would).
        if (held > 0 && !line(buffer.subarray(0, held), 0, held)) return { kind: "one-pass" };
        return { kind: "read", lines: lineNumber, clock };
      }
      const bytes = buffer.subarray(0, held + read);
      // A "\r" ends a line too, and a backslash is an escape the scan does not read: either goes one-pass.
      if (bytes.indexOf(CR, held) !== -1 || bytes.indexOf(BACKSLASH, held) !== -1) return { kind: "one-pass" };
      let start = 0;
      for (let end = bytes.indexOf(LF, held); end !== -1; end = bytes.indexOf(LF, start)) {
        if (!line(bytes, start, end)) return { kind: "one-pass" };
        start = end + 1;
      }
      held = bytes.length - start;
      if (held > DEFAULT_MAX_LINE_BYTES) return { kind: "one-pass" };
      buffer.copy(buffer, 0, start, bytes.length);
      onChunk?.(lineNumber);
    }
  } catch {
    return { kind: "one-pass" };
  } finally {
    closeSync(file);
  }
}
