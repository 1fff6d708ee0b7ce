import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import { importHistory, type HistoryProblemCode } from "@linkwork/core";
import { chunked, exampleCommands, exportText, linesOf, storeWith } from "./history-example.js";

/*
 * The example file has 30 lines: 1 pcn-U81042, 2 linkworker-lw_ana1 v1, 3-21 case-case_c0001 v1-19 (closed
 * at 21), 22-24 case-case_c0002, 25-26 case-case_c0003, 27 person-person_7f3a, 28 person-person_c3e8, 29-30
 * linkworker-lw_ana1 v2-3 (left at 30). Each test breaks one domain rule with lines that pass their schema.
 */
let lines: string[] = [];
type Json = Record<string, unknown> & {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  type: string;
  streamVersion: number;
};

beforeAll(async () => {
  lines = linesOf(await exportText(await storeWith(exampleCommands)));
});

const parsed = (n: number) => JSON.parse(lines[n - 1]!) as Json;
const lineOf = (type: string, streamId = "case-case_c0001") =>
  lines.findIndex((line) => (JSON.parse(line) as Json).type === type && (JSON.parse(line) as { streamId: string }).streamId === streamId) +
  1;

/** The file with line `n` changed. */
function withLine(n: number, change: (line: Json) => Json): string {
  return `${lines.map((text, index) => (index === n - 1 ? JSON.stringify(change(parsed(n))) : text)).join("\n")}\n`;
}

/** The file with a copy of line `n` appended as the next event of its stream, one day after the last line. */
function withCopyAppended(n: number, streamVersion: number, change: (line: Json) => Json = (line) => line): string {
  const copy = parsed(n);
  const appended = change({
    ...copy,
    position: String(lines.length + 1),
    streamVersion,
    metadata: { ...copy.metadata, eventId: "0198a000-0000-7000-8000-000000000abc", occurredAt: "2025-12-01T09:00:00Z" },
  });
  return `${[...lines, JSON.stringify(appended)].join("\n")}\n`;
}

async function firstProblem(text: string): Promise<[number, HistoryProblemCode, string]> {
  const imported = await importHistory(chunked(text), memoryEventStore(), { mode: "report" });
  if (E.isLeft(imported)) throw new Error(imported.left.message);
  const problem = imported.right.problems[0];
  if (problem === undefined) throw new Error("no problem found");
  return [problem.line, problem.code, problem.path];
}

describe("a history file is held to the domain's rules, not only to its schemas", () => {
  it("the example file follows them all", async () => {
    const imported = await importHistory(chunked(`${lines.join("\n")}\n`), memoryEventStore(), { mode: "strict" });
    expect(imported).toMatchObject(E.right({ events: 30, problems: [] }));
  });

  it("no case event after the case ended", async () => {
    expect(await firstProblem(withCopyAppended(lineOf("ConnectionMade"), 20))).toEqual([31, "INVALID_TRANSITION", "type"]);
    // A rejected case too.
    expect(await firstProblem(withCopyAppended(lineOf("ReferralRejected", "case-case_c0002"), 4))).toEqual([
      31,
      "INVALID_TRANSITION",
      "type",
    ]);
    // Right after the line that ended it (the checker remembers the stream it read last).
    const closed = lineOf("CaseClosed");
    const copy = parsed(lineOf("ConnectionMade"));
    const next = {
      ...copy,
      position: String(closed + 1),
      streamVersion: parsed(closed).streamVersion + 1,
      metadata: { ...copy.metadata, eventId: "0198a000-0000-7000-8000-000000000abc", occurredAt: "2025-12-01T09:00:00Z" },
    };
    const cut = `${[...lines.slice(0, closed), JSON.stringify(next)].join("\n")}\n`;
    expect(await firstProblem(cut)).toEqual([closed + 1, "INVALID_TRANSITION", "type"]);
  });

  it("an event out of lifecycle order inside an open case", async () => {
    // The plan agreed again where the case already has one: PlanAgreed follows in_conversation only.
    const text = withLine(lineOf("PlanRevised"), (line) => ({ ...line, type: "PlanAgreed" }));
    expect(await firstProblem(text)).toEqual([lineOf("PlanRevised"), "INVALID_TRANSITION", "type"]);
  });

  it("ids that match their stream", async () => {
    expect(await firstProblem(withLine(3, (line) => ({ ...line, data: { ...line.data, caseId: "case_c9999" } })))).toEqual([
      3,
      "ID_MISMATCH",
      "data.caseId",
    ]);
    expect(await firstProblem(withLine(27, (line) => ({ ...line, data: { ...line.data, personId: "person_p0000" } })))).toEqual([
      27,
      "ID_MISMATCH",
      "data.personId",
    ]);
    expect(await firstProblem(withLine(1, (line) => ({ ...line, data: { ...line.data, pcnId: "U00000" } })))).toEqual([
      1,
      "ID_MISMATCH",
      "data.pcnId",
    ]);
  });

  it("time never going backwards inside a stream", async () => {
    expect(
      await firstProblem(withLine(10, (line) => ({ ...line, metadata: { ...line.metadata, occurredAt: "2024-01-01T00:00:00Z" } }))),
    ).toEqual([10, "TIME_WENT_BACKWARDS", "metadata.occurredAt"]);
    // A fraction of a second earlier is earlier: the instant is compared, not the text.
    const last = parsed(9).metadata.occurredAt as string;
    const justBefore = new Date(Date.parse(last) - 500).toISOString();
    expect(await firstProblem(withLine(10, (line) => ({ ...line, metadata: { ...line.metadata, occurredAt: justBefore } })))).toEqual([
      10,
      "TIME_WENT_BACKWARDS",
      "metadata.occurredAt",
    ]);
  });

  it("goals, connections and follow-ups the case has", async () => {
    const progress = lineOf("GoalProgressRecorded");
    expect(await firstProblem(withLine(progress, (line) => ({ ...line, data: { ...line.data, goalId: "goal-zzz" } })))).toEqual([
      progress,
      "UNKNOWN_REFERENCE",
      "data.goalId",
    ]);
    const outcome = lineOf("ConnectionOutcomeRecorded");
    expect(await firstProblem(withLine(outcome, (line) => ({ ...line, data: { ...line.data, connectionId: "conn-zzz" } })))).toEqual([
      outcome,
      "UNKNOWN_REFERENCE",
      "data.connectionId",
    ]);
    const completed = lineOf("FollowUpCompleted");
    expect(await firstProblem(withLine(completed, (line) => ({ ...line, data: { ...line.data, followUpId: "fu-zzz" } })))).toEqual([
      completed,
      "UNKNOWN_REFERENCE",
      "data.followUpId",
    ]);
  });

  it("instruments and score names from the registry", async () => {
    const assessed = lineOf("WellbeingAssessed");
    expect(await firstProblem(withLine(assessed, (line) => ({ ...line, data: { ...line.data, instrument: "MADE-UP" } })))).toEqual([
      assessed,
      "UNKNOWN_REFERENCE",
      "data.instrument",
    ]);
    expect(await firstProblem(withLine(assessed, (line) => ({ ...line, data: { ...line.data, scores: { phantom: 3 } } })))).toEqual([
      assessed,
      "UNKNOWN_REFERENCE",
      "data.scores",
    ]);
  });

  it("a link worker's employment runs joined, changes, left", async () => {
    expect(await firstProblem(withCopyAppended(30, 4))).toEqual([31, "INVALID_TRANSITION", "type"]);
  });
});
