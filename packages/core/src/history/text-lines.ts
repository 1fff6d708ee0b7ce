import { isUtf8 } from "node:buffer";

/**
 * A line the splitter could not hand out as text: longer than the limit (its text is never held:
 * it comes back as soon as it passes the limit and the rest of it is skipped, so memory stays
 * bounded whatever the input), or bytes that are not UTF-8 (decoding them would turn them into
 * U+FFFD and pass a changed line off as the file's).
 */
export type LineFault = { readonly fault: "LINE_TOO_LONG"; readonly maxLineBytes: number } | { readonly fault: "INVALID_UTF8" };

/** A line as the splitter hands it out: its text without the line end, or why it has none. */
export type TextLine = string | LineFault;

export interface TextLinesOptions {
  /** Lines over this many UTF-8 bytes come back as a LINE_TOO_LONG fault. Default: no limit. */
  readonly maxLineBytes?: number;
}

/**
 * Splits text arriving in chunks (strings, or UTF-8 bytes) into lines, as node:readline does with
 * `crlfDelay: Infinity`: a line ends at "\n", "\r\n" (even split across chunks) or a lone "\r"; the
 * text after the last line end is a line only if it is not empty. Lines come back a chunk at a
 * time, so a reader handles them synchronously (readline's async iterator costs a promise and a
 * regular expression per line). Bytes are checked to be UTF-8 (strict), line by line.
 */
export interface TextLines {
  /** The lines a chunk completes, in order. */
  push(chunk: string | Uint8Array): TextLine[];
  /** The last line, if the text did not end with a line end. */
  end(): TextLine[];
  /** Whether the text so far ends with "\n" (or is empty): a file cut short ends without one. */
  endsWithNewline(): boolean;
}

const LF = 10;
const CR = 13;

function bytesOf(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

const invalidUtf8: LineFault = { fault: "INVALID_UTF8" };

export function textLines(options: TextLinesOptions = {}): TextLines {
  const maxLineBytes = options.maxLineBytes ?? Number.POSITIVE_INFINITY;
  const tooLong: LineFault = { fault: "LINE_TOO_LONG", maxLineBytes };
  // The text after the last line end: it holds no line end, except a "\r" as its last character,
  // kept until the next chunk says whether a "\n" follows it.
  let rest = "";
  // Whether `rest` holds text decoded from bytes that are not UTF-8: the line it becomes is a fault.
  let restInvalid = false;
  // Bytes after the last "\n" of the byte chunks, not decoded yet. Bytes are decoded up to a "\n"
  // only: no UTF-8 sequence holds that byte, so a character is never cut in two, and decoding whole
  // runs of lines at once is cheaper than a streaming decoder.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // Inside a line already handed out as too long: everything up to its line end is dropped.
  let skipping = false;
  // The text so far ended with a "\r" that ended a line: a "\n" first in the next chunk belongs to it.
  let afterCr = false;
  let lastCode = LF;

  // A line of at most this many UTF-16 units is within the limit without counting its bytes.
  const maxChars = maxLineBytes / 3;

  /** The line, or LINE_TOO_LONG when its UTF-8 form is over the limit. */
  function sized(line: string): TextLine {
    return line.length > maxChars && Buffer.byteLength(line, "utf8") > maxLineBytes ? tooLong : line;
  }

  function takePending(upTo?: Buffer): Buffer {
    const parts = upTo === undefined ? pending : [...pending, upTo];
    pending = [];
    pendingBytes = 0;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  function splitText(chunk: string): TextLine[] {
    const lines: TextLine[] = [];
    if (chunk.length === 0) return lines;
    const text = rest + chunk;
    let start = 0;
    if (!rest.endsWith("\r") && !chunk.includes("\r")) {
      // The usual file: "\n" only. The held part has none, so the search starts after it.
      let end = text.indexOf("\n", rest.length);
      while (end !== -1) {
        lines.push(end - start > maxChars ? sized(text.slice(start, end)) : text.slice(start, end));
        start = end + 1;
        end = text.indexOf("\n", start);
      }
    } else {
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code === LF) {
          lines.push(sized(text.slice(start, index)));
          start = index + 1;
        } else if (code === CR) {
          if (index + 1 === text.length) break;
          lines.push(sized(text.slice(start, index)));
          if (text.charCodeAt(index + 1) === LF) index += 1;
          start = index + 1;
        }
      }
    }
    // The first line completed is the one the held text began (its size is judged first).
    if (restInvalid && lines.length > 0) {
      if (lines[0] !== tooLong) lines[0] = invalidUtf8;
      restInvalid = false;
    }
    rest = start === 0 ? text : text.slice(start);
    return lines;
  }

  /** Splits whole lines of bytes; a run that is not all UTF-8 is split line by line to say which lines are not. */
  function splitBytes(run: Buffer): TextLine[] {
    if (isUtf8(run)) return splitText(run.toString("utf8"));
    const lines: TextLine[] = [];
    let start = 0;
    for (let index = 0; index < run.length; index++) {
      const code = run[index];
      // A line ends here (a "\r" followed by "\n" ends at the "\n"); one at the run's end is left to splitText.
      const ends = code === LF || (code === CR && index + 1 < run.length && run[index + 1] !== LF);
      if (!ends && index + 1 < run.length) continue;
      if (rest.endsWith("\r") && run[start] !== LF) {
        // The held "\r" ended its line, before these bytes began.
        const line = sized(rest.slice(0, -1));
        lines.push(restInvalid && line !== tooLong ? invalidUtf8 : line);
        rest = "";
        restInvalid = false;
      }
      const segment = run.subarray(start, index + 1);
      if (!isUtf8(segment)) restInvalid = true;
      for (const line of splitText(segment.toString("utf8"))) lines.push(line);
      start = index + 1;
    }
    return lines;
  }

  /** Drops the rest of a too-long line; the text after its line end, or null if it has not ended. */
  function skipLine(chunk: string | Buffer): string | Buffer | null {
    const codeAt = (index: number) => (typeof chunk === "string" ? chunk.charCodeAt(index) : chunk[index]);
    for (let index = 0; index < chunk.length; index++) {
      const code = codeAt(index);
      if (code !== LF && code !== CR) continue;
      skipping = false;
      if (code === CR && index + 1 === chunk.length) afterCr = true;
      const from = code === CR && codeAt(index + 1) === LF ? index + 2 : index + 1;
      return typeof chunk === "string" ? chunk.slice(from) : chunk.subarray(from);
    }
    return null;
  }

  /**
   * After a chunk: a line not ended yet that is past the limit is handed out as too long, and the
   * rest of it skipped, so a file without line ends is never held whole.
   */
  function checkLength(lines: TextLine[]): TextLine[] {
    if (pendingBytes + rest.length <= maxChars || pendingBytes + Buffer.byteLength(rest, "utf8") <= maxLineBytes) return lines;
    if (pendingBytes > 0) {
      // Pending bytes hold no "\n", but lines may end at a lone "\r" among them: split those off first.
      const bytes = takePending();
      const lastCr = bytes.lastIndexOf(CR);
      if (lastCr >= 0) for (const line of splitBytes(bytes.subarray(0, lastCr + 1))) lines.push(line);
      if (lastCr + 1 < bytes.length) {
        pending = [bytes.subarray(lastCr + 1)];
        pendingBytes = bytes.length - lastCr - 1;
      }
    }
    if (rest.endsWith("\r")) {
      const held = rest.slice(0, -1);
      const over = Buffer.byteLength(held, "utf8") > maxLineBytes;
      // The held line ended at its "\r" when bytes follow it (none is a "\n"); over the limit, it is too long either way.
      if (over || pendingBytes > 0) {
        lines.push(over ? tooLong : restInvalid ? invalidUtf8 : held);
        rest = "";
        restInvalid = false;
        if (pendingBytes === 0) afterCr = true;
      }
    }
    if (!rest.endsWith("\r") && pendingBytes + Buffer.byteLength(rest, "utf8") > maxLineBytes) {
      lines.push(tooLong);
      rest = "";
      restInvalid = false;
      pending = [];
      pendingBytes = 0;
      skipping = true;
    }
    return lines;
  }

  return {
    push(chunk) {
      if (chunk.length === 0) return [];
      lastCode = typeof chunk === "string" ? chunk.charCodeAt(chunk.length - 1) : chunk[chunk.length - 1]!;
      let data: string | Buffer = typeof chunk === "string" ? chunk : bytesOf(chunk);
      if (afterCr) {
        afterCr = false;
        if ((typeof data === "string" ? data.charCodeAt(0) : data[0]) === LF) data = data.slice(1);
      }
      if (skipping) {
        const after = skipLine(data);
        if (after === null) return [];
        data = after;
      }
      if (data.length === 0) return [];
      if (typeof data === "string") {
        const lines = pending.length === 0 ? splitText(data) : [...splitBytes(takePending()), ...splitText(data)];
        return checkLength(lines);
      }
      const lastLineEnd = data.lastIndexOf(LF);
      if (lastLineEnd === -1) {
        pending.push(data);
        pendingBytes += data.length;
        return checkLength([]);
      }
      const complete = data.subarray(0, lastLineEnd + 1);
      const lines = splitBytes(pending.length === 0 ? complete : takePending(complete));
      if (lastLineEnd + 1 < data.length) {
        pending.push(data.subarray(lastLineEnd + 1));
        pendingBytes += data.length - lastLineEnd - 1;
      }
      return checkLength(lines);
    },
    end() {
      if (skipping) {
        pending = [];
        pendingBytes = 0;
        return [];
      }
      const lines = pending.length === 0 ? [] : splitBytes(takePending());
      const last = sized(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
      if (rest !== "") lines.push(restInvalid && last !== tooLong ? invalidUtf8 : last);
      rest = "";
      restInvalid = false;
      return lines;
    },
    endsWithNewline() {
      return pending.length === 0 && lastCode === LF;
    },
  };
}
