import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { formatHistoryProblem, parseHistoryLine, printable } from "../src/index.js";

const hostile = ["\u001b[2J", "\r", "\n", "\u0000", "\u007f", "\u009b", "\u2028", "\u202e", "\u2066", "\u061c", "\ufeff"];

describe("printable", () => {
  it("leaves no control, separator or bidirectional character, and changes nothing else", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom(...hostile))), (parts) => {
        const text = parts.join("");
        const shown = printable(text);
        // eslint-disable-next-line no-control-regex -- the characters that must not survive
        expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/);
        // Undoing the escapes gives the text back, so nothing but those characters was touched.
        expect(shown.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))).toBe(
          text.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        );
      }),
      { numRuns: 500 },
    );
    expect(printable("a\u001b[31mb\nc")).toBe("a\\u001b[31mb\\u000ac");
  });

  it("a history line cannot forge a line of output through its problem message", () => {
    const forged =
      '{"position":"1","streamId":"case-case_c1","streamVersion":1,"type":"X\\n\\u001b[32mfile.ndjson: no problems","schemaVersion":1}';
    const bad = '\u001b[2J{"position":"1"\n}';
    for (const line of [forged, bad, `{"position":"1","streamId":"case-case_c1","streamVersion":1,"type":"\u202eReferralReceived"}`]) {
      const parsed = parseHistoryLine(line, 1);
      expect(E.isLeft(parsed)).toBe(true);
      if (E.isLeft(parsed)) {
        const shown = formatHistoryProblem(parsed.left);
        // eslint-disable-next-line no-control-regex -- the characters that must not survive
        expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
      }
    }
  });

  it("names a byte order mark at the start of a line instead of showing nothing where it is", () => {
    const line = '{"position":"1","streamId":"pcn-U00001","streamVersion":1}';
    // A file saved with a BOM, and two such files joined: the mark starts the first line of each.
    for (const text of [`\ufeff${line}`, `\ufeff\ufeff${line}`]) {
      const parsed = parseHistoryLine(text, 3);
      if (E.isRight(parsed)) throw new Error("expected a refusal");
      expect(parsed.left).toMatchObject({ code: "BAD_JSON", line: 3, path: "" });
      expect(parsed.left.message).toBe(
        "starts with a byte order mark (U+FEFF): history files are UTF-8 without one; save the file without it",
      );
      expect(formatHistoryProblem(parsed.left)).not.toContain("\ufeff");
    }
    expect(printable("a\ufeffb")).toBe("a\\ufeffb");
  });
});
