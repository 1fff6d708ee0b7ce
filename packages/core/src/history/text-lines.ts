/**
 * Splits text arriving in chunks (strings, or UTF-8 bytes) into lines, as node:readline does with
 * `crlfDelay: Infinity`: a line ends at "\n", "\r\n" (even split across chunks) or a lone "\r"; the
 * text after the last line end is a line only if it is not empty. Lines come back a chunk at a
 * time, so a reader handles them synchronously (readline's async iterator costs a promise and a
 * regular expression per line).
 */
export interface TextLines {
  /** The lines a chunk completes, in order. */
  push(chunk: string | Uint8Array): string[];
  /** The last line, if the text did not end with a line end. */
  end(): string[];
  /** Whether the text so far ends with "\n" (or is empty): a file cut short ends without one. */
  endsWithNewline(): boolean;
}

const LF = 10;
const CR = 13;

function bytesOf(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export function textLines(): TextLines {
  // The text after the last line end: it holds no line end, except a "\r" as its last character,
  // kept until the next chunk says whether a "\n" follows it.
  let rest = "";
  // Bytes after the last "\n" of the byte chunks, not decoded yet. Bytes are decoded up to a "\n"
  // only: no UTF-8 sequence holds that byte, so a character is never cut in two, and decoding whole
  // runs of lines at once is cheaper than a streaming decoder.
  let pending: Buffer[] = [];
  let lastCode = LF;

  function decodePending(upTo?: Buffer): string {
    const parts = upTo === undefined ? pending : [...pending, upTo];
    pending = [];
    return parts.length === 1 ? parts[0]!.toString("utf8") : Buffer.concat(parts).toString("utf8");
  }

  function splitText(chunk: string): string[] {
    const lines: string[] = [];
    if (chunk.length === 0) return lines;
    lastCode = chunk.charCodeAt(chunk.length - 1);
    const text = rest + chunk;
    let start = 0;
    if (!rest.endsWith("\r") && !chunk.includes("\r")) {
      // The usual file: "\n" only. The held part has none, so the search starts after it.
      let end = text.indexOf("\n", rest.length);
      while (end !== -1) {
        lines.push(text.slice(start, end));
        start = end + 1;
        end = text.indexOf("\n", start);
      }
    } else {
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code === LF) {
          lines.push(text.slice(start, index));
          start = index + 1;
        } else if (code === CR) {
          if (index + 1 === text.length) break;
          lines.push(text.slice(start, index));
          if (text.charCodeAt(index + 1) === LF) index += 1;
          start = index + 1;
        }
      }
    }
    rest = start === 0 ? text : text.slice(start);
    return lines;
  }

  return {
    push(chunk) {
      if (typeof chunk === "string") return splitText(pending.length === 0 ? chunk : decodePending() + chunk);
      if (chunk.length === 0) return [];
      const bytes = bytesOf(chunk);
      const lastLineEnd = bytes.lastIndexOf(LF);
      if (lastLineEnd === -1) {
        pending.push(bytes);
        return [];
      }
      const complete = bytes.subarray(0, lastLineEnd + 1);
      const text = pending.length === 0 ? complete.toString("utf8") : decodePending(complete);
      if (lastLineEnd + 1 < bytes.length) pending.push(bytes.subarray(lastLineEnd + 1));
      return splitText(text);
    },
    end() {
      const lines = pending.length === 0 ? [] : splitText(decodePending());
      const last = rest;
      rest = "";
      if (last.endsWith("\r")) lines.push(last.slice(0, -1));
      else if (last !== "") lines.push(last);
      return lines;
    },
    endsWithNewline() {
      return pending.length === 0 && lastCode === LF;
    },
  };
}
