import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import { importHistory, type HistoryProblemCode } from "@linkwork/core";
import { arbitraryHistory, type History } from "@linkwork/core/testing";
import { chunked, exportText, linesOf, storedEvents, storeWith } from "./history-example.js";

type Json = Record<string, unknown> & { metadata: Record<string, unknown>; streamId: string; streamVersion: number };

/** A way to spoil one line, and the problem a strict import must name for it. */
interface Corruption {
  readonly code: HistoryProblemCode;
  readonly path: string;
  /** The spoiled text of line `index` (0-based) of `lines`. */
  readonly spoil: (lines: readonly string[], index: number) => string;
}

const edit = (change: (line: Json, lines: readonly string[], index: number) => unknown) => (lines: readonly string[], index: number) =>
  JSON.stringify(change(JSON.parse(lines[index]!) as Json, lines, index));

const otherCategory: Record<string, string> = {
  case: "person",
  person: "pcn",
  pcn: "linkworker",
  linkworker: "codelist",
  codelist: "provider",
  provider: "case",
};

const corruptions: readonly Corruption[] = [
  { code: "BAD_JSON", path: "", spoil: (lines, index) => lines[index]!.slice(0, Math.floor(lines[index]!.length / 2)) },
  { code: "BLANK_LINE", path: "", spoil: () => "  " },
  { code: "UNKNOWN_EVENT_TYPE", path: "type", spoil: edit((line) => ({ ...line, type: "SomethingHappened" })) },
  {
    code: "INVALID_EVENT",
    path: "metadata.eventId",
    spoil: edit((line) => ({ ...line, metadata: { ...line.metadata, eventId: "not-a-uuid" } })),
  },
  {
    code: "WRONG_STREAM_CATEGORY",
    path: "type",
    spoil: edit((line) => {
      const dash = line.streamId.indexOf("-");
      return { ...line, streamId: `${otherCategory[line.streamId.slice(0, dash)]}${line.streamId.slice(dash)}` };
    }),
  },
  { code: "OUT_OF_ORDER", path: "position", spoil: edit((line, _, index) => ({ ...line, position: String(index + 7) })) },
  { code: "STREAM_VERSION_MISMATCH", path: "streamVersion", spoil: edit((line) => ({ ...line, streamVersion: line.streamVersion + 3 })) },
  {
    code: "DUPLICATE_EVENT_ID",
    path: "metadata.eventId",
    // An id from an earlier line (the first line has none before it: it copies its own onto line 0, handled below).
    spoil: edit((line, lines, index) => ({
      ...line,
      metadata: { ...line.metadata, eventId: (JSON.parse(lines[Math.max(0, index - 1)]!) as Json).metadata.eventId },
    })),
  },
];

const smallHistory = arbitraryHistory({ cases: { min: 1, max: 3 }, pcns: { min: 1, max: 1 }, comparisonPeople: { max: 1 } });

/** The lines of the history file of a history. */
async function linesOfHistory(history: History): Promise<string[]> {
  return linesOf(await exportText(await storeWith(history.commands, { policy: history.policy })));
}

function eventIdOf(line: string): string | undefined {
  try {
    const id = (JSON.parse(line) as Json).metadata.eventId;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

describe("importing spoiled history files", () => {
  it("strict mode names the spoiled line and writes exactly the lines before it", async () => {
    await fc.assert(
      fc.asyncProperty(
        smallHistory,
        fc.nat(),
        fc.constantFrom(...corruptions),
        fc.integer({ min: 1, max: 50 }),
        async (history, at, corruption, batchSize) => {
          const lines = await linesOfHistory(history);
          const index = corruption.code === "DUPLICATE_EVENT_ID" ? 1 + (at % (lines.length - 1)) : at % lines.length;
          const spoiled = lines.map((line, i) => (i === index ? corruption.spoil(lines, i) : line));

          const store = memoryEventStore();
          const imported = await importHistory(chunked(`${spoiled.join("\n")}\n`, [777]), store, { mode: "strict", batchSize });
          expect(imported).toMatchObject(
            E.left({ code: "LINE_REJECTED", problem: { line: index + 1, code: corruption.code, path: corruption.path } }),
          );
          expect((await storedEvents(store)).map((recorded) => recorded.event.metadata.eventId)).toEqual(
            lines.slice(0, index).map(eventIdOf),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it("report mode imports every line it does not report, reports every spoiled line, and leaves no stream with a hole", async () => {
    await fc.assert(
      fc.asyncProperty(
        smallHistory,
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...corruptions)), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 50 }),
        async (history, spoils, batchSize) => {
          const lines = await linesOfHistory(history);
          const spoiled = [...lines];
          const spoiledBy = new Map<number, HistoryProblemCode>();
          for (const [at, corruption] of spoils) {
            const index = at % lines.length;
            if (corruption.code === "DUPLICATE_EVENT_ID" && index === 0) continue;
            spoiled[index] = corruption.spoil(lines, index);
            spoiledBy.set(index + 1, corruption.code);
          }
          // Exempt from "must be reported": a copied id (a duplicate only while the line it came from
          // was imported) and a misnumbered line right after another misnumbered alike, since two
          // such lines read as a gap before them (the line after them is reported instead).
          const spoiledAt = [...spoiledBy].flatMap(([line, code]) =>
            code === "DUPLICATE_EVENT_ID" || (code === "OUT_OF_ORDER" && spoiledBy.get(line - 1) === "OUT_OF_ORDER") ? [] : [line],
          );

          const store = memoryEventStore();
          const imported = await importHistory(chunked(`${spoiled.join("\n")}\n`, [555]), store, { mode: "report", batchSize });
          if (E.isLeft(imported)) throw new Error(imported.left.message);
          const report = imported.right;
          const reported = new Set(report.problems.map((problem) => problem.line));

          expect(report.lines).toBe(lines.length);
          expect(reported.size).toBe(report.problems.length);
          expect(report.events + report.problems.length).toBe(report.lines);
          expect(spoiledAt.every((line) => reported.has(line))).toBe(true);
          const expectedIds = spoiled.flatMap((line, index) => (reported.has(index + 1) ? [] : [eventIdOf(line)]));
          expect((await storedEvents(store)).map((recorded) => recorded.event.metadata.eventId)).toEqual(expectedIds);

          // What was written is itself a valid history: every stream whole from version 1.
          const again = memoryEventStore();
          const reimported = await importHistory(chunked(await exportText(store)), again, { mode: "strict" });
          expect(reimported).toMatchObject(E.right({ events: report.events, problems: [] }));
        },
      ),
      { numRuns: 60 },
    );
  });
});
