/**
 * Splits text arriving in chunks into lines, as node:readline does with `crlfDelay: Infinity`: a line
 * ends at "\n", "\r\n" (even split across chunks) or a lone "\r"; the text after the last line end
 * is a line only if it is not empty. Lines come back a chunk at a time, so a file's reader handles
 * them synchronously (readline's async iterator costs a promise and a regular expression per line).
 */
export interface TextLines {
  /** The lines a chunk completes, in order. */
  push(chunk: string): string[];
  /** The last line, if the text did not end with a line end. */
  end(): string[];
}

const LF = 10;
const CR = 13;

export function textLines(): TextLines {
  // The text after the last line end: it holds no line end, except a "\r" as its last character,
  // kept until the next chunk says whether a "\n" follows it.
  let rest = "";
  return {
    push(chunk) {
      const lines: string[] = [];
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
    },
    end() {
      const last = rest;
      rest = "";
      if (last.endsWith("\r")) return [last.slice(0, -1)];
      return last === "" ? [] : [last];
    },
  };
}
