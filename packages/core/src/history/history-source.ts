import { DEFAULT_MAX_LINE_BYTES } from "./history-line.js";
import { createReadStream } from "node:fs";
import { textLines, type TextLine } from "./text-lines.js";

/** Where a history file comes from: a file path, chunks of text or bytes, or a readable stream. */
export type HistorySource = string | AsyncIterable<string | Uint8Array> | NodeJS.ReadableStream;

export interface HistorySourceLines {
  /**
   * The lines, without their line endings, a chunk's worth at a time (a chunk may complete none);
   * the source is never held whole.
   */
  readonly lines: AsyncIterable<readonly TextLine[]>;
  /** After the lines are read: whether the source ended with a newline (an empty source counts as ended). */
  readonly endedWithNewline: () => boolean;
  /** Releases the source (closes the file) when reading stops early. Idempotent. */
  readonly close: () => void;
}

/**
 * Bytes read from a file at a time. Under V8's 128 KiB limit for an ordinary heap object, so a
 * chunk's text is a young string that dies young, not a large object mapped and unmapped chunk by
 * chunk: with 64 KiB instead of 256 KiB, checking the 50-PCN year (1,780,911 lines) took 7.83-7.84 s
 * of processor time instead of 8.18-8.31 s, main thread 7.22-7.24 s instead of 7.68-7.69 s (two
 * alternated pairs, 2026-12-05, load 10-12).
 */
export const HISTORY_CHUNK_BYTES = 64 * 1024;

export interface HistorySourceOptions {
  /**
   * Lines over this many UTF-8 bytes come back as a LINE_TOO_LONG fault as soon as the reading
   * passes the limit, so a source without line ends is never held whole. Default 1 MiB.
   */
  readonly maxLineBytes?: number;
}

/**
 * Splits a source into lines. A missing newline after the last line is how a truncated file shows,
 * so the splitter also says whether the source ended with one. Memory stays within the line limit
 * plus a chunk, whatever the source holds.
 */
export function historySourceLines(source: HistorySource, options: HistorySourceOptions = {}): HistorySourceLines {
  const opened = typeof source === "string" ? createReadStream(source, { highWaterMark: HISTORY_CHUNK_BYTES }) : null;
  const chunks = (opened ?? source) as AsyncIterable<unknown>;
  const splitter = textLines({ maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES });
  async function* read(): AsyncGenerator<readonly TextLine[]> {
    // A source of the wrong kind fails its reading with a message that says what was expected,
    // as any unreadable source does (importHistory answers SOURCE_UNREADABLE with it).
    if (!iterable(chunks))
      throw new Error(
        `the source must be a file path, an async iterable of text or byte chunks, or a readable stream, not ${kindOf(chunks)}`,
      );
    let index = 0;
    // Leaving this loop early (the reader stopped) returns the source's iterator, which ends a stream.
    for await (const chunk of chunks) {
      index += 1;
      if (typeof chunk !== "string" && !(chunk instanceof Uint8Array)) {
        throw new Error(`chunk ${index} of the source is ${kindOf(chunk)}, not text or bytes`);
      }
      const complete = splitter.push(chunk);
      if (complete.length > 0) yield complete;
    }
    const last = splitter.end();
    if (last.length > 0) yield last;
  }
  const lines = read();
  return {
    lines,
    endedWithNewline: () => splitter.endsWithNewline(),
    close: () => {
      void lines.return(undefined).catch(() => undefined);
      opened?.destroy();
    },
  };
}

function iterable(value: unknown): boolean {
  const candidate = value as { readonly [Symbol.asyncIterator]?: unknown; readonly [Symbol.iterator]?: unknown } | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    (typeof candidate[Symbol.asyncIterator] === "function" || typeof candidate[Symbol.iterator] === "function")
  );
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
