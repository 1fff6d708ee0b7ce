import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { formatHistoryLine, parseHistoryLine, type HistoryProblem, type RecordedEvent } from "@linkwork/core";
import { HistoryChecker, type CheckedLine } from "@linkwork/core/store-kit";
import { arbitraryHistory, type History } from "@linkwork/core/testing";
import { exportText, linesOf, storeWith } from "./history-example.js";

/**
 * The history checker's memory survives a restart: checked in one pass, or in two with its snapshot
 * taken, written as JSON, read back and restored between, a history gets the same verdict on every
 * line (the same events passed, the same problems with the same lines, codes and messages), whether
 * it is valid or spoiled, and whether it is read as a file's lines or as a store's events. And a
 * store's events get the verdict the same events get as a file's lines.
 */

const smallHistory = arbitraryHistory({ cases: { min: 1, max: 4 }, pcns: { min: 1, max: 1 }, comparisonPeople: { max: 1 } });

async function linesOfHistory(history: History): Promise<string[]> {
  return linesOf(await exportText(await storeWith(history.commands, { policy: history.policy })));
}

/** Ways a history goes wrong line by line: a line repeated, dropped, moved, or its stream version or caseId changed. */
type Spoil =
  | { readonly kind: "repeat"; readonly from: number; readonly to: number }
  | { readonly kind: "drop"; readonly at: number }
  | { readonly kind: "swap"; readonly at: number; readonly with: number }
  | { readonly kind: "version"; readonly at: number; readonly by: number }
  | { readonly kind: "case"; readonly at: number };

const spoil: fc.Arbitrary<Spoil> = fc.oneof(
  fc.record({ kind: fc.constant("repeat" as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant("version" as const), at: fc.nat(), by: fc.integer({ min: -2, max: 3 }).filter((by) => by !== 0) }),
  fc.record({ kind: fc.constant("case" as const), at: fc.nat() }),
);

function spoiled(lines: readonly string[], change: Spoil): string[] {
  const copy = [...lines];
  if (copy.length === 0) return copy;
  const at = (n: number) => n % copy.length;
  switch (change.kind) {
    case "repeat":
      copy.splice(at(change.to), 0, copy[at(change.from)]!);
      return copy;
    case "drop":
      copy.splice(at(change.at), 1);
      return copy;
    case "swap": {
      const [a, b] = [at(change.at), at(change.with)];
      [copy[a], copy[b]] = [copy[b]!, copy[a]!];
      return copy;
    }
    case "version": {
      const line = JSON.parse(copy[at(change.at)]!) as { streamVersion: number };
      copy[at(change.at)] = JSON.stringify({ ...line, streamVersion: Math.max(1, line.streamVersion + change.by) });
      return copy;
    }
    case "case": {
      const line = JSON.parse(copy[at(change.at)]!) as { data: Record<string, unknown> };
      copy[at(change.at)] = JSON.stringify("caseId" in line.data ? { ...line, data: { ...line.data, caseId: "c-elsewhere" } } : line);
      return copy;
    }
  }
}

/** What the checker said of one line or event: passed with its number, or the problem. */
type Said = number | HistoryProblem | null;
const said = (checked: CheckedLine | null): Said => (checked === null ? null : checked.ok ? checked.lineNumber : checked.problem);

/** The checker's snapshot as it travels through a checkpoint: JSON text, read back. */
function restarted(checker: HistoryChecker): HistoryChecker {
  const restored = HistoryChecker.restore(JSON.parse(JSON.stringify(checker.snapshot())));
  if (E.isLeft(restored)) throw new Error(restored.left);
  return restored.right;
}

/** Each line's verdict, with the checker restarted before line `cut` (never, for -1). */
function fileVerdicts(lines: readonly string[], cut: number): Said[] {
  let checker = new HistoryChecker();
  return lines.map((line, index) => {
    if (index === cut) checker = restarted(checker);
    return said(checker.check(line, index === lines.length - 1, true));
  });
}

/** Each event's verdict, the checker restarted before event `cut`. */
function storeVerdicts(events: readonly RecordedEvent[], cut: number): Said[] {
  let checker = new HistoryChecker();
  return events.map((event, index) => {
    if (index === cut) checker = restarted(checker);
    return said(checker.checkRecorded(event));
  });
}

/** The lines that read on their own, as a store holds events: positions that increase, versions as written. */
function asStoreEvents(lines: readonly string[]): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (const [index, text] of lines.entries()) {
    const parsed = parseHistoryLine(text, index + 1);
    if (E.isRight(parsed)) events.push({ ...parsed.right, position: BigInt(10 * (events.length + 1)) });
  }
  return events;
}

const where = (verdict: Said) =>
  verdict === null || typeof verdict === "number"
    ? verdict
    : { code: verdict.code, line: verdict.line, path: verdict.path, streamId: verdict.streamId };

describe("the history checker across a restart", () => {
  it("checks a file in two passes, restored from its snapshot between, exactly as in one", async () => {
    await fc.assert(
      fc.asyncProperty(smallHistory, fc.array(spoil, { maxLength: 2 }), fc.nat(), async (history, spoils, cutAt) => {
        const lines = spoils.reduce(spoiled, await linesOfHistory(history));
        const cut = cutAt % (lines.length + 1);
        expect(fileVerdicts(lines, cut)).toEqual(fileVerdicts(lines, -1));
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it("checks a store's events in two passes as in one, passes redeliveries over, and agrees with the same events read as a file", async () => {
    await fc.assert(
      fc.asyncProperty(
        smallHistory,
        fc.array(spoil, { maxLength: 2 }),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 4 })), { maxLength: 3 }),
        async (history, spoils, cutAt, redeliveries) => {
          const events = asStoreEvents(spoils.reduce(spoiled, await linesOfHistory(history)));
          const cut = cutAt % (events.length + 1);
          const onePass = storeVerdicts(events, -1);
          expect(storeVerdicts(events, cut)).toEqual(onePass);
          // Delivered again (a page overlapping the last, a batch repeated): passed over, judged once.
          const delivered = [...events];
          for (const [at, back] of redeliveries) {
            const end = at % (delivered.length + 1);
            delivered.splice(end, 0, ...delivered.slice(Math.max(0, end - back), end));
          }
          expect(storeVerdicts(delivered, cut % (delivered.length + 1)).filter((verdict) => verdict !== null)).toEqual(onePass);
          // The same events as the lines of a file (numbered 1..n, as an export of the store writes them).
          const asFile = events.map((event, index) => formatHistoryLine(event, BigInt(index + 1)));
          expect(fileVerdicts(asFile, -1).map(where)).toEqual(onePass.map(where));
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it("says a stream seen first past version 1 lost its first events, and refuses the rest of that stream only", async () => {
    const lines = await linesOfHistory(fc.sample(smallHistory, { numRuns: 1, seed: 7 })[0]!);
    const events = asStoreEvents(lines);
    // The store dropped a case's first two events (retention, a truncate-before).
    const caseStream = events.find((event) => event.streamId.startsWith("case-") && event.streamVersion === 3)?.streamId;
    if (caseStream === undefined) throw new Error("the sample history should hold a case of three events or more");
    const kept = events.filter((event) => event.streamId !== caseStream || event.streamVersion > 2);
    const checker = new HistoryChecker();
    const verdicts = kept.map((event) => checker.checkRecorded(event));
    const refused = verdicts.flatMap((verdict, index) => (verdict !== null && !verdict.ok ? [{ index, problem: verdict.problem }] : []));
    expect(refused[0]?.problem).toMatchObject({ code: "STREAM_VERSION_MISMATCH", streamId: caseStream });
    expect(refused[0]?.problem.message).toContain("events 1 to 2 are missing");
    expect(refused[0]?.problem.message).toContain("the store no longer holds them");
    expect(refused.slice(1).every(({ problem }) => problem.code === "FOLLOWS_SKIPPED_LINE" && problem.streamId === caseStream)).toBe(true);
    expect(refused.length).toBe(kept.filter((event) => event.streamId === caseStream).length);
  });

  it("refuses a snapshot of another version, or data that is not one, saying why", () => {
    const snapshot = new HistoryChecker().snapshot();
    const other = HistoryChecker.restore({ ...snapshot, version: snapshot.version + 1 });
    expect(E.isLeft(other) && other.left).toMatch(/version 4, not 3/);
    // Version 2 kept every case's GP record entries; 3 drops an ended case once all are acknowledged.
    const older = HistoryChecker.restore({ ...snapshot, version: 2 });
    expect(E.isLeft(older) && older.left).toMatch(/version 2, not 3/);
    expect(E.isLeft(HistoryChecker.restore({ ...snapshot, streams: [["case-1", "one", 0, null, "ended"]] }))).toBe(true);
    expect(E.isLeft(HistoryChecker.restore({ ...snapshot, eventIds: { ...snapshot.eventIds, ids: "AAAA" } }))).toBe(true);
    expect(E.isLeft(HistoryChecker.restore("not a snapshot"))).toBe(true);
    const badEntries = HistoryChecker.restore({ ...snapshot, gpRecordEntries: [["case-c1", ["not an event id"], []]] });
    expect(E.isLeft(badEntries) && badEntries.left).toMatch(/gpRecordEntries\[0\]/);
  });
});
