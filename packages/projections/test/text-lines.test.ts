import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { textLines } from "../src/runner/text-lines.js";

/** What node:readline (crlfDelay: Infinity, as the file reader used) makes of the same chunks. */
async function readlineLines(chunks: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  const reader = createInterface({ input: Readable.from(chunks, { objectMode: false }), crlfDelay: Infinity });
  for await (const line of reader) lines.push(line);
  return lines;
}

function splitterLines(chunks: readonly string[]): string[] {
  const splitter = textLines();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}

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

  it("keeps a \\r\\n cut between chunks as one line end, and a last line without a line end", () => {
    expect(splitterLines(['{"a":1}\r', '\n{"b":2}'])).toEqual(['{"a":1}', '{"b":2}']);
    expect(splitterLines(["x\r", "\r", "y\n\n"])).toEqual(["x", "", "y", ""]);
    expect(splitterLines(["x\r"])).toEqual(["x"]);
  });
});
