import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HistoryChecker } from "@linkwork/core/store-kit";
import { arbitraryHistory } from "@linkwork/core/testing";
import { exportText, linesOf, storeWith } from "./history-example.js";

/**
 * `checkAt`: a checker that sees only some of a file's lines (whole streams, with the reference
 * streams in every part, as a parallel replay splits them) passes every line a one-pass check
 * passes, and holds each line's position to its line number.
 */

const histories = arbitraryHistory({ cases: { min: 1, max: 5 }, comparisonPeople: { max: 2 } });

const isReference = (streamId: string) => !streamId.startsWith("case-") && !streamId.startsWith("person-");

describe("checking a part of a history file at its line numbers", () => {
  it("passes every line of a valid file, whichever whole streams each part holds", async () => {
    await fc.assert(
      fc.asyncProperty(
        histories,
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        async (history, parts, assignment) => {
          const lines = linesOf(await exportText(await storeWith(history.commands, { policy: history.policy })));
          const streams = [...new Set(lines.map((line) => (JSON.parse(line) as { streamId: string }).streamId))];
          const partOf = (streamId: string) => (assignment[streams.indexOf(streamId) % assignment.length] ?? 0) % parts;
          for (let part = 0; part < parts; part += 1) {
            const checker = new HistoryChecker();
            lines.forEach((line, index) => {
              const { streamId } = JSON.parse(line) as { streamId: string };
              if (!isReference(streamId) && partOf(streamId) !== part) return;
              const checked = checker.checkAt(line, index + 1);
              expect(checked.ok ? null : checked.problem, `line ${String(index + 1)}`).toBeNull();
            });
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("refuses a line whose position is not its line number, as a one-pass check does", async () => {
    const history = fc.sample(histories, { numRuns: 1, seed: 5 })[0]!;
    const lines = linesOf(await exportText(await storeWith(history.commands, { policy: history.policy })));
    const checker = new HistoryChecker();
    expect(checker.checkAt(lines[0]!, 1).ok).toBe(true);
    // Line 2's text checked as line 3: its position (2) is not 3.
    expect(checker.checkAt(lines[1]!, 3)).toMatchObject({ ok: false, problem: { code: "OUT_OF_ORDER", line: 3 } });
  });
});
