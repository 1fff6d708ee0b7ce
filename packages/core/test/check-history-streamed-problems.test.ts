import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { checkHistory } from "../src/store-kit/index.js";

// `linkwork validate` on a file of millions of bad lines held a problem object for each (1.8 GB for
// a 6 MB file of three million short lines) before printing any: with onProblem, each is handed
// over as it is found and none is kept.
describe("checkHistory with onProblem", () => {
  it("hands over each problem in line order as the lines are read, and keeps none in the report", async () => {
    const seen: string[] = [];
    async function* source(): AsyncGenerator<Uint8Array> {
      for (const [index, text] of ["x\n", "y\n", "z\n", "w\n"].entries()) {
        seen.push(`chunk ${index + 1}`);
        yield Buffer.from(text);
      }
    }
    const checked = await checkHistory(source(), { onProblem: (problem) => seen.push(`line ${problem.line} ${problem.code}`) });
    expect(E.isRight(checked) && checked.right).toEqual({ lines: 4, events: 0, streams: 0, problems: [] });
    // A line is held back until the next is read (so the last is known as last), and no further.
    expect(seen).toEqual([
      "chunk 1",
      "chunk 2",
      "line 1 BAD_JSON",
      "chunk 3",
      "line 2 BAD_JSON",
      "chunk 4",
      "line 3 BAD_JSON",
      "line 4 BAD_JSON",
    ]);
  });

  it("without onProblem, still reports every problem by line", async () => {
    const checked = await checkHistory(
      (async function* () {
        yield Buffer.from("x\ny\n");
      })(),
    );
    expect(E.isRight(checked) && checked.right.problems.map((problem) => problem.line)).toEqual([1, 2]);
  });
});
