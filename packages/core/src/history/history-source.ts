import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";

/** Where a history file comes from: a file path, chunks of text or bytes, or a readable stream. */
export type HistorySource = string | AsyncIterable<string | Uint8Array> | NodeJS.ReadableStream;

export interface HistorySourceLines {
  /** The lines, without their line endings, one at a time; the source is never held whole. */
  readonly lines: AsyncIterable<string>;
  /** After the lines are read: whether the source ended with a newline (an empty source counts as ended). */
  readonly endedWithNewline: () => boolean;
  /** Releases the source (closes the file) when reading stops early. Idempotent. */
  readonly close: () => void;
}

const NEWLINE = 0x0a;

/**
 * Splits a source into lines with node:readline. Readline does not say whether the last line had
 * its newline, and a missing one is how a truncated file shows, so the chunks are watched on the
 * way in for their last character.
 */
export function historySourceLines(source: HistorySource): HistorySourceLines {
  const chunks: AsyncIterable<string | Uint8Array> =
    typeof source === "string" ? createReadStream(source, { highWaterMark: 256 * 1024 }) : (source as AsyncIterable<string | Uint8Array>);
  let last = NEWLINE;
  async function* watched(): AsyncGenerator<string | Uint8Array> {
    for await (const chunk of chunks) {
      const length = chunk.length;
      if (length > 0) last = typeof chunk === "string" ? chunk.charCodeAt(length - 1) : (chunk[length - 1] ?? NEWLINE);
      yield chunk;
    }
  }
  const input = Readable.from(watched());
  const reader = createInterface({ input, crlfDelay: Infinity });
  return {
    lines: reader,
    endedWithNewline: () => last === NEWLINE,
    close: () => {
      reader.close();
      input.destroy();
    },
  };
}
