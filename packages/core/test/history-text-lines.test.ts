import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { historySourceLines } from "../src/history/history-source.js";
import { textLines, type TextLine } from "../src/history/text-lines.js";

/** What node:readline (crlfDelay: Infinity, as the readers used to) makes of the same chunks. */
async function readlineLines(chunks: readonly (string | Uint8Array)[]): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: Readable.from(chunks, { objectMode: false }), crlfDelay: Infinity });
  for await (const line of reader) lines.push(line);
  return lines;
}

function splitterLines(chunks: readonly (string | Uint8Array)[], maxLineBytes?: number): TextLine[] {
  const splitter = textLines(maxLineBytes === undefined ? {} : { maxLineBytes });
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The plain reference: the whole input's bytes split at "\n", "\r\n" and lone "\r", each line judged
 * on its own: over the limit once decoded, LINE_TOO_LONG; not UTF-8 (a strict decoder throws), INVALID_UTF8.
 */
function referenceLines(whole: Uint8Array, maxLineBytes = Number.POSITIVE_INFINITY): TextLine[] {
  const bytes = Buffer.from(whole);
  const lines: TextLine[] = [];
  const judge = (from: number, to: number): TextLine => {
    const line = bytes.subarray(from, to);
    if (Buffer.byteLength(line.toString("utf8"), "utf8") > maxLineBytes) return { fault: "LINE_TOO_LONG", maxLineBytes };
    try {
      return strictUtf8.decode(line);
    } catch {
      return { fault: "INVALID_UTF8" };
    }
  };
  let start = 0;
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index] === 0x0a) {
      lines.push(judge(start, index));
      start = index + 1;
    } else if (bytes[index] === 0x0d) {
      lines.push(judge(start, index));
      if (bytes[index + 1] === 0x0a) index += 1;
      start = index + 1;
    }
  }
  if (start < bytes.length) lines.push(judge(start, bytes.length));
  return lines;
}

/** Cuts a sequence into consecutive pieces at the given points (each taken modulo its length + 1). */
function cutAt<T extends string | Uint8Array>(whole: T, cuts: readonly number[]): T[] {
  const points = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((x, y) => x - y);
  const pieces: T[] = [];
  let from = 0;
  for (const point of [...points, whole.length]) {
    if (point > from) pieces.push(whole.slice(from, point) as T);
    from = Math.max(from, point);
  }
  return pieces;
}

/**
 * UTF-8 bytes rich in line ends and multi-byte characters, plus stray bytes no UTF-8 text holds
 * (a lone lead byte, a lone continuation byte), cut at arbitrary points: a character, or a "\r\n",
 * may be cut in two.
 */
const chunkedBytes = fc
  .tuple(
    fc.array(
      fc.constantFrom<readonly number[]>(
        [0x61],
        [0x7b, 0x7d],
        [0xc3, 0xa9],
        [0xe2, 0x82, 0xac],
        [0xf0, 0x9f, 0x98, 0x80],
        [0x0a],
        [0x0d],
        [0x0d, 0x0a],
        [0xe2],
        [0x80],
      ),
      { maxLength: 40 },
    ),
    fc.array(fc.nat(), { maxLength: 6 }),
  )
  .map(([parts, cuts]) => cutAt(Uint8Array.from(parts.flat()), cuts));

/** Text rich in line ends, cut into chunks at arbitrary points (a "\r\n" may be cut in two). */
const chunkedText = fc
  .tuple(
    fc.array(fc.constantFrom("a", "{}", "é", " ", "\n", "\r", "\r\n", "\n\n", "\r\r"), { maxLength: 40 }).map((parts) => parts.join("")),
    fc.array(fc.nat(), { maxLength: 6 }),
  )
  .map(([text, cuts]) => {
    const points = [...new Set(cuts.map((cut) => (text.length === 0 ? 0 : cut % (text.length + 1))))].sort((x, y) => x - y);
    const chunks: string[] = [];
    let from = 0;
    for (const point of [...points, text.length]) {
      if (point > from) chunks.push(text.slice(from, point));
      from = Math.max(from, point);
    }
    return chunks;
  });

describe("textLines", () => {
  it("splits chunked text into the lines node:readline gives", async () => {
    await fc.assert(
      fc.asyncProperty(chunkedText, async (chunks) => {
        expect(splitterLines(chunks)).toEqual(await readlineLines(chunks));
      }),
      { numRuns: 300 },
    );
  });

  it("splits chunked UTF-8 bytes into the lines of the whole input split at once, a line of bytes that are not UTF-8 refused", () => {
    // Readline is not the reference here: it turns bytes that are not UTF-8 into U+FFFD, passing a
    // changed line off as the file's.
    fc.assert(
      fc.property(chunkedBytes, (chunks) => {
        expect(splitterLines(chunks)).toEqual(referenceLines(Buffer.concat(chunks)));
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses every line over the limit as LINE_TOO_LONG, however the input is cut", () => {
    fc.assert(
      fc.property(chunkedBytes, fc.nat({ max: 24 }), (chunks, maxLineBytes) => {
        expect(splitterLines(chunks, maxLineBytes)).toEqual(referenceLines(Buffer.concat(chunks), maxLineBytes));
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(chunkedText, fc.nat({ max: 24 }), (chunks, maxLineBytes) => {
        expect(splitterLines(chunks, maxLineBytes)).toEqual(referenceLines(Buffer.from(chunks.join("")), maxLineBytes));
      }),
      { numRuns: 1000 },
    );
  });

  it("stops holding a line without a line end once it passes the limit: an endless source reads no more than the limit and a chunk", async () => {
    const chunkBytes = 64 * 1024;
    const maxLineBytes = 1024 * 1024;
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      const chunk = Buffer.alloc(chunkBytes, 0x61);
      for (;;) {
        pulled += chunk.length;
        yield chunk;
      }
    }
    const source = historySourceLines(endless(), { maxLineBytes });
    let first: readonly TextLine[] = [];
    for await (const lines of source.lines) {
      first = lines;
      break;
    }
    source.close();
    expect(first).toEqual([{ fault: "LINE_TOO_LONG", maxLineBytes }]);
    expect(pulled).toBeGreaterThan(maxLineBytes);
    expect(pulled).toBeLessThanOrEqual(maxLineBytes + chunkBytes);
  });

  it("skips the rest of a line over the limit and goes on with the next line", () => {
    const long = "x".repeat(40);
    expect(splitterLines([long.slice(0, 15), long.slice(15) + '\n{"a":1}\r', '\n{"b":2}\n'], 10)).toEqual([
      { fault: "LINE_TOO_LONG", maxLineBytes: 10 },
      '{"a":1}',
      '{"b":2}',
    ]);
    expect(splitterLines([Buffer.from(long + "\r"), Buffer.from("\nok\n")], 10)).toEqual([
      { fault: "LINE_TOO_LONG", maxLineBytes: 10 },
      "ok",
    ]);
    expect(splitterLines([Buffer.from(`${long}\rok\n`)], 10)).toEqual([{ fault: "LINE_TOO_LONG", maxLineBytes: 10 }, "ok"]);
  });

  it("refuses bytes that are not UTF-8 on their own line only", () => {
    const bytes = Buffer.concat([Buffer.from('{"a":1}\n{"b":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"c":"é"}\n')]);
    expect(splitterLines([bytes.subarray(0, 12), bytes.subarray(12)])).toEqual(['{"a":1}', { fault: "INVALID_UTF8" }, '{"c":"é"}']);
  });

  it("says whether the text ended with a newline", () => {
    const ended = (chunks: readonly (string | Uint8Array)[]) => {
      const splitter = textLines();
      for (const chunk of chunks) splitter.push(chunk);
      splitter.end();
      return splitter.endsWithNewline();
    };
    expect(ended([])).toBe(true);
    expect(ended(["a\n", ""])).toBe(true);
    expect(ended([Buffer.from("a\nb")])).toBe(false);
    expect(ended([Buffer.from("a\n"), Buffer.from("b\r")])).toBe(false);
    expect(ended([Buffer.from("a"), Buffer.from("\n")])).toBe(true);
  });

  it("keeps a \\r\\n cut between chunks as one line end, and a last line without a line end", () => {
    expect(splitterLines(['{"a":1}\r', '\n{"b":2}'])).toEqual(['{"a":1}', '{"b":2}']);
    expect(splitterLines(["x\r", "\r", "y\n\n"])).toEqual(["x", "", "y", ""]);
    expect(splitterLines(["x\r"])).toEqual(["x"]);
  });
});
