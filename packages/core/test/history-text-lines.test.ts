import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { textLines } from "../src/history/text-lines.js";

/** What node:readline (crlfDelay: Infinity, as the readers used to) makes of the same chunks. */
async function readlineLines(chunks: readonly (string | Uint8Array)[]): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: Readable.from(chunks, { objectMode: false }), crlfDelay: Infinity });
  for await (const line of reader) lines.push(line);
  return lines;
}

function splitterLines(chunks: readonly (string | Uint8Array)[]): string[] {
  const splitter = textLines();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
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

  it("splits chunked UTF-8 bytes into the lines of the whole text decoded at once, characters cut between chunks included", async () => {
    // Readline itself is not the reference here: at the end of its input it drops an incomplete
    // character, where a whole decode (and the splitter) keeps a replacement character for it.
    await fc.assert(
      fc.asyncProperty(chunkedBytes, async (chunks) => {
        expect(splitterLines(chunks)).toEqual(await readlineLines([Buffer.concat(chunks).toString("utf8")]));
      }),
      { numRuns: 500 },
    );
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
