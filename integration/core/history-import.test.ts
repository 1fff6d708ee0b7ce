import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import {
  formatHistoryProblem,
  importHistory,
  linkwork,
  type EventStore,
  type HistoryProblem,
  type HistoryProblemCode,
  type ImportReport,
} from "@linkwork/core";
import { chunked, exampleCommands, exportText, linesOf, storedEvents, storeWith } from "./history-example.js";

/*
 * The example file has 30 lines: 1 pcn-U81042, 2 linkworker-lw_ana1 v1, 3-21 case-case_c0001 v1-19,
 * 22-24 case-case_c0002, 25-26 case-case_c0003, 27 person-person_7f3a, 28 person-person_c3e8, 29-30 linkworker-lw_ana1 v2-3.
 */
let file = "";
let lines: string[] = [];

beforeAll(async () => {
  file = await exportText(await storeWith(exampleCommands));
  lines = linesOf(file);
});

type Json = Record<string, unknown> & { data: Record<string, unknown>; metadata: Record<string, unknown> };

/** The example file with line `n` (1-based) changed. */
function withLine(n: number, change: (line: Json) => unknown): string {
  return withLines(lines.map((text, index) => (index === n - 1 ? JSON.stringify(change(JSON.parse(text) as Json)) : text)));
}

function withLines(changed: readonly string[]): string {
  return `${changed.join("\n")}\n`;
}

function eventIdOf(n: number): string {
  return (JSON.parse(lines[n - 1]!) as Json).metadata.eventId as string;
}

async function storedIds(store: EventStore): Promise<string[]> {
  return (await storedEvents(store)).map((recorded) => recorded.event.metadata.eventId);
}

/** Imports strictly and checks the refusal names `line` and that exactly the lines before it were written. */
async function expectStrictStop(text: string, line: number, code: HistoryProblemCode, path = ""): Promise<HistoryProblem> {
  const store = memoryEventStore();
  const imported = await importHistory(chunked(text, [500]), store, { mode: "strict" });
  if (E.isRight(imported)) throw new Error(`expected line ${line} to be refused`);
  const failure = imported.left;
  if (failure.code !== "LINE_REJECTED") throw new Error(`expected LINE_REJECTED, got ${failure.code}: ${failure.message}`);
  expect(failure.problem).toMatchObject({ line, code, path });
  expect(failure.message).toBe(formatHistoryProblem(failure.problem));
  expect(failure.report.events).toBe(line - 1);
  // Everything before the line is written, nothing of it or after it.
  expect(await storedIds(store)).toEqual(lines.slice(0, line - 1).map((_, index) => eventIdOf(index + 1)));
  return failure.problem;
}

async function importReport(text: string, store: EventStore = memoryEventStore(), maxLineBytes?: number): Promise<ImportReport> {
  const imported = await importHistory(chunked(text, [333]), store, {
    mode: "report",
    ...(maxLineBytes === undefined ? {} : { maxLineBytes }),
  });
  if (E.isLeft(imported)) throw new Error(imported.left.message);
  return imported.right;
}

function codes(report: ImportReport): [number, HistoryProblemCode][] {
  return report.problems.map((problem) => [problem.line, problem.code]);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe("importing a bad line, strict mode stops at it and report mode skips it", () => {
  it("bad JSON", async () => {
    const text = withLines(lines.map((line, index) => (index === 4 ? `${line.slice(0, 60)}}` : line)));
    const problem = await expectStrictStop(text, 5, "BAD_JSON");
    expect(formatHistoryProblem(problem)).toMatch(/^line 5: not valid JSON: /);

    const report = await importReport(text);
    // The lost line held case-case_c0001's version 3: its next line names the gap, the rest follow it.
    expect(codes(report)).toEqual([
      [5, "BAD_JSON"],
      [6, "STREAM_VERSION_MISMATCH"],
      ...range(7, 21).map((line): [number, HistoryProblemCode] => [line, "FOLLOWS_SKIPPED_LINE"]),
    ]);
    expect(report.problems[1]?.message).toContain(
      "must have streamVersion 3, not 4 (an earlier unreadable line may have held the missing event)",
    );
    expect(formatHistoryProblem(report.problems[2]!)).toBe(
      "line 7: streamVersion: an earlier event of case-case_c0001 (line 6) was refused, so this one cannot follow it",
    );
    expect(report).toMatchObject({ lines: 30, events: 30 - 17 });
  });

  it("unknown event type", async () => {
    const text = withLine(8, (line) => ({ ...line, type: "WellbeingGuessed" }));
    const problem = await expectStrictStop(text, 8, "UNKNOWN_EVENT_TYPE", "type");
    expect(problem.message).toBe('unknown event type "WellbeingGuessed"');

    const report = await importReport(text);
    expect(codes(report)).toEqual([
      [8, "UNKNOWN_EVENT_TYPE"],
      ...range(9, 21).map((line): [number, HistoryProblemCode] => [line, "FOLLOWS_SKIPPED_LINE"]),
    ]);
    expect(report.problems[1]?.message).toContain("case-case_c0001 (line 8)");
    expect(report.events).toBe(30 - 14);
  });

  it("unknown schema version", async () => {
    const text = withLine(4, (line) => ({ ...line, schemaVersion: 7 }));
    const problem = await expectStrictStop(text, 4, "UNKNOWN_SCHEMA_VERSION", "schemaVersion");
    expect(problem.message).toBe("ReferralAccepted has no schema version 7 (readable: 1)");
    expect(codes(await importReport(text))[0]).toEqual([4, "UNKNOWN_SCHEMA_VERSION"]);
  });

  it("a field that breaks the schema, named by its path", async () => {
    const text = withLine(3, (line) => ({ ...line, data: { ...line.data, reasons: ["loneliness", "feeling blue"] } }));
    const problem = await expectStrictStop(text, 3, "INVALID_EVENT", "data.reasons[1]");
    expect(formatHistoryProblem(problem)).toMatch(/^line 3: data\.reasons\[1\]: /);

    const nested = withLine(9, (line) => ({
      ...line,
      data: {
        goals: [
          { goalId: "goal-1", need: "loneliness" },
          { goalId: "", need: "housing" },
        ],
      },
    }));
    await expectStrictStop(nested, 9, "INVALID_EVENT", "data.goals[1].goalId");

    const metadata = withLine(27, (line) => ({ ...line, metadata: { ...line.metadata, occurredAt: "yesterday" } }));
    await expectStrictStop(metadata, 27, "INVALID_EVENT", "metadata.occurredAt");

    const report = await importReport(text);
    expect(report.problems[0]).toMatchObject({ line: 3, code: "INVALID_EVENT", path: "data.reasons[1]" });
    // The whole of case-case_c0001 hangs on its first event.
    expect(codes(report).slice(1)).toEqual(range(4, 21).map((line) => [line, "FOLLOWS_SKIPPED_LINE"]));
    expect(report.events).toBe(30 - 19);
  });

  it("an event in a stream of the wrong category", async () => {
    const text = withLine(27, (line) => ({ ...line, streamId: "case-person_7f3a" }));
    const problem = await expectStrictStop(text, 27, "WRONG_STREAM_CATEGORY", "type");
    expect(problem.message).toBe("HealthcareUsageRecorded belongs in a person stream, not in case-person_7f3a");

    const report = await importReport(text);
    expect(codes(report)).toEqual([[27, "WRONG_STREAM_CATEGORY"]]);
    expect(report.events).toBe(29);
  });

  it("a malformed envelope", async () => {
    await expectStrictStop(
      withLine(2, (line) => ({ ...line, streamId: "team-lw_ana1" })),
      2,
      "INVALID_LINE",
      "streamId",
    );
    await expectStrictStop(
      withLine(2, (line) => ({ ...line, position: 2 })),
      2,
      "INVALID_LINE",
      "position",
    );
    await expectStrictStop(
      withLine(2, (line) => ({ ...line, streamVersion: 0 })),
      2,
      "INVALID_LINE",
      "streamVersion",
    );
    await expectStrictStop(withLines(lines.map((line, index) => (index === 1 ? "[1,2,3]" : line))), 2, "BAD_JSON");
  });

  it("positions out of order", async () => {
    const swapped = [...lines];
    [swapped[22], swapped[23]] = [lines[23]!, lines[22]!];
    const text = withLines(swapped);
    const problem = await expectStrictStop(text, 23, "OUT_OF_ORDER", "position");
    expect(problem.message).toBe("position 24 does not follow 22 (expected 23)");

    const report = await importReport(text);
    expect(codes(report)).toEqual([
      [23, "OUT_OF_ORDER"],
      [24, "OUT_OF_ORDER"],
    ]);
    expect(report.events).toBe(28);
  });

  it("a missing line (a gap in positions)", async () => {
    const text = withLines(lines.filter((_, index) => index !== 9));
    await expectStrictStop(text, 10, "OUT_OF_ORDER", "position");
    const report = await importReport(text);
    // Line 10 now holds position 11 (case-case_c0001 v9); v8 is gone, so the case stops there.
    expect(codes(report)).toEqual([
      [10, "OUT_OF_ORDER"],
      ...range(11, 20).map((line): [number, HistoryProblemCode] => [line, "FOLLOWS_SKIPPED_LINE"]),
    ]);
    expect(report.problems[0]?.message).toBe("position 11 does not follow 9 (expected 10)");
  });

  it("a file that does not start at position 1", async () => {
    const problem = await expectStrictStop(
      withLine(1, (line) => ({ ...line, position: "0" })),
      1,
      "INVALID_LINE",
      "position",
    );
    expect(problem.message).toContain("decimal string");
    const text = withLines(lines.slice(1));
    const store = memoryEventStore();
    const imported = await importHistory(chunked(text), store, { mode: "strict" });
    expect(imported).toMatchObject(
      E.left({ code: "LINE_REJECTED", problem: { line: 1, code: "OUT_OF_ORDER", message: "the first line must have position 1, not 2" } }),
    );
  });

  it("a duplicate event id", async () => {
    const text = withLine(26, (line) => ({ ...line, metadata: { ...line.metadata, eventId: eventIdOf(25) } }));
    const problem = await expectStrictStop(text, 26, "DUPLICATE_EVENT_ID", "metadata.eventId");
    expect(problem.message).toBe(`event id ${eventIdOf(25)} was already used on line 25`);

    const report = await importReport(text);
    expect(codes(report)).toEqual([[26, "DUPLICATE_EVENT_ID"]]);
    expect(report.events).toBe(29);
  });

  it("a stream version out of sequence", async () => {
    const text = withLine(5, (line) => ({ ...line, streamVersion: 9 }));
    const problem = await expectStrictStop(text, 5, "STREAM_VERSION_MISMATCH", "streamVersion");
    expect(problem.message).toBe("case-case_c0001 is at version 2 in this file, so this event must have streamVersion 3, not 9");

    // A repeated version (a copied line) leaves the stream whole: only the copy is refused.
    const copied = withLine(5, (line) => ({ ...line, streamVersion: 2 }));
    const report = await importReport(copied);
    expect(codes(report)).toEqual([
      [5, "STREAM_VERSION_MISMATCH"],
      [6, "STREAM_VERSION_MISMATCH"],
      ...range(7, 21).map((line): [number, HistoryProblemCode] => [line, "FOLLOWS_SKIPPED_LINE"]),
    ]);
  });

  it("a truncated last line", async () => {
    const cut = file.slice(0, file.length - 100);
    expect(cut.endsWith("\n")).toBe(false);
    const problem = await expectStrictStop(cut, 30, "TRUNCATED_LINE");
    expect(formatHistoryProblem(problem)).toBe(
      "line 30: truncated last line: no trailing newline and not valid JSON (was the file cut short?)",
    );

    const report = await importReport(cut);
    expect(codes(report)).toEqual([[30, "TRUNCATED_LINE"]]);
    expect(report.events).toBe(29);

    // A complete last line without its newline is read; a bad line that is not last is just bad JSON.
    expect(await importReport(file.slice(0, -1))).toMatchObject({ events: 30, problems: [] });
    const middle = withLines(lines.map((line, index) => (index === 28 ? line.slice(0, 100) : line)));
    expect(codes(await importReport(middle))).toEqual([
      [29, "BAD_JSON"],
      [30, "STREAM_VERSION_MISMATCH"],
    ]);
  });

  it("blank lines", async () => {
    const text = withLines([...lines.slice(0, 10), "", ...lines.slice(10)]);
    const problem = await expectStrictStop(text, 11, "BLANK_LINE");
    expect(problem.path).toBe("");
    // A blank line holds no position: the lines after it still follow on.
    const report = await importReport(`${text}  \n`);
    expect(codes(report)).toEqual([
      [11, "BLANK_LINE"],
      [32, "BLANK_LINE"],
    ]);
    expect(report).toMatchObject({ lines: 32, events: 30 });
  });

  it("lines over the size limit", async () => {
    const text = withLines(lines.map((line, index) => (index === 28 ? line + " ".repeat(2000) : line)));
    const store = memoryEventStore();
    const imported = await importHistory(chunked(text), store, { mode: "strict", maxLineBytes: 1500 });
    expect(imported).toMatchObject(E.left({ code: "LINE_REJECTED", problem: { line: 29, code: "LINE_TOO_LONG" } }));
    expect(await storedIds(store)).toHaveLength(28);

    const report = await importReport(text, memoryEventStore(), 1500);
    expect(codes(report)).toEqual([
      [29, "LINE_TOO_LONG"],
      [30, "STREAM_VERSION_MISMATCH"],
    ]);
    // Multi-byte characters count as bytes, not characters.
    const wide = withLine(1, (line) => ({ ...line, padding: "é".repeat(700) }));
    expect(codes(await importReport(wide, memoryEventStore(), 1500))[0]).toEqual([1, "LINE_TOO_LONG"]);
    expect(await importReport(wide, memoryEventStore())).toMatchObject({ events: 30, problems: [] });
  });

  it("every problem of a file at once in report mode", async () => {
    const changed = lines.map((line) => JSON.parse(line) as Json);
    changed[7] = { ...changed[7]!, type: "Nope" };
    changed[25] = { ...changed[25]!, metadata: { ...changed[25]!.metadata, eventId: eventIdOf(25) } };
    changed[26] = { ...changed[26]!, streamId: "pcn-p-7f3a" };
    const report = await importReport(withLines(changed.map((line) => JSON.stringify(line))));
    const problemLines = new Set(report.problems.map((problem) => problem.line));
    expect([8, 26, 27].every((line) => problemLines.has(line))).toBe(true);
    expect(report.events + report.problems.length).toBe(report.lines);
  });
});

describe("store refusals and failures", () => {
  it("a stream the store already holds differently is refused line by line", async () => {
    const store = memoryEventStore();
    const seeded = await linkwork(store).handle({ ...exampleCommands[20], commandId: "9e0f6a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b" });
    expect(E.isRight(seeded)).toBe(true);

    const strict = await importHistory(chunked(file), store, { mode: "strict" });
    expect(strict).toMatchObject(E.left({ code: "LINE_REJECTED", problem: { line: 22, code: "STORE_REJECTED" } }));
    if (E.isLeft(strict)) expect(strict.left.message).toMatch(/^line 22: the store refused the event: /);
    // The lines before it are written, and nothing of it or after it.
    expect(await storedIds(store)).toHaveLength(1 + 21);

    const other = memoryEventStore();
    await linkwork(other).handle({ ...exampleCommands[20], commandId: "9e0f6a3c-1b2d-4e5f-8a9b-0c1d2e3f4a5b" });
    const report = await importReport(file, other);
    expect(codes(report)).toEqual([
      [22, "STORE_REJECTED"],
      [23, "FOLLOWS_SKIPPED_LINE"],
      [24, "FOLLOWS_SKIPPED_LINE"],
    ]);
    expect(report.events).toBe(27);
  });

  it("a batch the store refuses part way is written up to the refused line", async () => {
    // Only case-case_c0001 version 12 (line 14) is refused, inside a batch of the whole case.
    const store = refusingStore(memoryEventStore(), (events) => events.some((event) => event.metadata.eventId === eventIdOf(14)));
    const strict = await importHistory(chunked(file), store, { mode: "strict", batchSize: 100 });
    expect(strict).toMatchObject(E.left({ code: "LINE_REJECTED", problem: { line: 14, code: "STORE_REJECTED" } }));
    expect(await storedIds(store)).toEqual(range(1, 13).map(eventIdOf));

    const reported = refusingStore(memoryEventStore(), (events) => events.some((event) => event.metadata.eventId === eventIdOf(14)));
    const report = await importReport(file, reported);
    expect(codes(report)).toEqual([
      [14, "STORE_REJECTED"],
      ...range(15, 21).map((line): [number, HistoryProblemCode] => [line, "FOLLOWS_SKIPPED_LINE"]),
    ]);
    expect(await storedIds(reported)).toEqual([...range(1, 13), ...range(22, 30)].map(eventIdOf));

    // With small batches the case's next batch is already queued when the refusal comes back.
    for (const batchSize of [1, 2, 5]) {
      const small = refusingStore(memoryEventStore(), (events) => events.some((event) => event.metadata.eventId === eventIdOf(14)));
      const smallReport = await importHistory(chunked(file), small, { mode: "report", batchSize });
      expect(smallReport).toMatchObject(E.right({ events: 22 }));
      if (E.isRight(smallReport)) expect(codes(smallReport.right)).toEqual(codes(report));
      expect(await storedIds(small)).toEqual([...range(1, 13), ...range(22, 30)].map(eventIdOf));
    }
  });

  it("a store that becomes unavailable stops the import in either mode", async () => {
    for (const mode of ["strict", "report"] as const) {
      let appends = 0;
      const store = memoryEventStore();
      const failing: EventStore = {
        append: (streamId, events, expected) => {
          appends += 1;
          return appends > 3
            ? Promise.resolve(E.left({ code: "STORE_UNAVAILABLE", message: "connection lost", retryable: true }))
            : store.append(streamId, events, expected);
        },
        readStream: (streamId, options) => store.readStream(streamId, options),
        readAll: (options) => store.readAll(options),
        subscribe: (options) => store.subscribe(options),
        close: () => store.close(),
      };
      const imported = await importHistory(chunked(file), failing, { mode });
      expect(imported).toMatchObject(E.left({ code: "STORE_UNAVAILABLE", storeError: { code: "STORE_UNAVAILABLE" } }));
      if (E.isLeft(imported) && imported.left.code === "STORE_UNAVAILABLE") {
        expect(imported.left.report.events).toBe((await storedIds(store)).length);
        expect(imported.left.line).toBe(imported.left.report.events + 1);
      }
    }
  });
});

describe("sources and options", () => {
  let directory = "";
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "linkwork-history-"));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("reads a file path, a readable stream and string chunks alike", async () => {
    const path = join(directory, "example.ndjson");
    await writeFile(path, file);
    const sources = [path, Readable.from([file.slice(0, 1000), file.slice(1000)]), chunked(file, [1, 2, 3, 4093])];
    for (const source of sources) {
      const store = memoryEventStore();
      expect(await importHistory(source, store, { mode: "strict" })).toEqual(E.right({ lines: 30, events: 30, streams: 7, problems: [] }));
      expect(await exportText(store)).toBe(file);
    }
  });

  it("accepts Windows line endings", async () => {
    const store = memoryEventStore();
    expect(await importHistory(chunked(file.replaceAll("\n", "\r\n"), [100]), store, { mode: "strict" })).toMatchObject(
      E.right({ events: 30 }),
    );
    expect(await exportText(store)).toBe(file);
  });

  it("a source without line ends stops at LINE_TOO_LONG on line 1 having read no more than the limit and a chunk", async () => {
    const chunkBytes = 64 * 1024;
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        pulled += chunkBytes;
        yield Buffer.alloc(chunkBytes, 0x20);
      }
    }
    const store = memoryEventStore();
    const imported = await importHistory(endless(), store, { mode: "strict", maxLineBytes: 1_000_000 });
    expect(imported).toMatchObject(E.left({ code: "LINE_REJECTED", problem: { line: 1, code: "LINE_TOO_LONG" }, report: { events: 0 } }));
    expect(pulled).toBeLessThanOrEqual(1_000_000 + chunkBytes);
    expect(await storedIds(store)).toHaveLength(0);
  });

  it("a line whose bytes are not UTF-8 is INVALID_UTF8 (never read as U+FFFD); cut inside a character at the end, TRUNCATED_LINE", async () => {
    const report = async (bytes: Buffer) => {
      const imported = await importHistory(Readable.from([bytes.subarray(0, 700), bytes.subarray(700)]), memoryEventStore(), {
        mode: "report",
      });
      if (E.isLeft(imported)) throw new Error(imported.left.message);
      return codes(imported.right);
    };
    // A stray 0xC3 (a lead byte with no continuation) inside line 3's JSON string.
    const third = Buffer.from(lines[2]!);
    const quote = third.indexOf('"eventId":"') + 11;
    const badThird = Buffer.concat([third.subarray(0, quote), Buffer.from([0xc3]), third.subarray(quote)]);
    const broken = Buffer.concat([Buffer.from(withLines(lines.slice(0, 2))), badThird, Buffer.from(`\n${withLines(lines.slice(3))}`)]);
    expect((await report(broken))[0]).toEqual([3, "INVALID_UTF8"]);

    // The last line cut inside "é": no newline, and its last byte starts a character that never ends.
    const cut = Buffer.concat([Buffer.from(withLines(lines.slice(0, 29))), Buffer.from('{"position":"30","note":"é').subarray(0, 26)]);
    expect(await report(cut)).toEqual([[30, "TRUNCATED_LINE"]]);
  });

  it("a missing file is SOURCE_UNREADABLE", async () => {
    const imported = await importHistory(join(directory, "missing.ndjson"), memoryEventStore(), { mode: "report" });
    expect(imported).toMatchObject(E.left({ code: "SOURCE_UNREADABLE", report: { lines: 0, events: 0 } }));
  });

  it("a source of the wrong kind, or a chunk that is neither text nor bytes, is SOURCE_UNREADABLE saying so", async () => {
    const notASource = await importHistory(42 as never, memoryEventStore(), { mode: "strict" });
    expect(notASource).toMatchObject(E.left({ code: "SOURCE_UNREADABLE", report: { lines: 0, events: 0 } }));
    if (E.isLeft(notASource)) expect(notASource.left.message).toContain("the source must be a file path, an async iterable");
    async function* numbers(): AsyncGenerator<unknown> {
      yield `${lines[0]!}\n`;
      yield 7;
    }
    const store = memoryEventStore();
    const badChunk = await importHistory(numbers() as AsyncIterable<string>, store, { mode: "strict" });
    expect(badChunk).toMatchObject(E.left({ code: "SOURCE_UNREADABLE" }));
    if (E.isLeft(badChunk)) expect(badChunk.left.message).toContain("chunk 2 of the source is a number, not text or bytes");
    // The first line came whole before the bad chunk and is imported, as in any stop; nothing after it.
    expect(await storedIds(store)).toHaveLength(1);
  });

  it("a source that fails part way keeps what came before", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield `${lines.slice(0, 5).join("\n")}\n`;
      throw new Error("socket closed");
    }
    const store = memoryEventStore();
    const imported = await importHistory(failing(), store, { mode: "strict" });
    expect(imported).toMatchObject(E.left({ code: "SOURCE_UNREADABLE", report: { events: 5 } }));
    if (E.isLeft(imported)) expect(imported.left.message).toContain("socket closed");
    expect(await storedIds(store)).toHaveLength(5);
  });

  it("reports progress", async () => {
    const seen: { lines: number; events: number }[] = [];
    await importHistory(chunked(file), memoryEventStore(), { mode: "strict", onProgress: (progress) => seen.push(progress) });
    expect(seen.at(-1)).toEqual({ lines: 30, events: 30 });
  });

  it("refuses bad options", async () => {
    const bad: [unknown, string][] = [
      [{ mode: "lenient" }, "mode"],
      [{ mode: "strict", batchSize: 0 }, "batchSize"],
      [{ mode: "strict", maxLineBytes: 1.5 }, "maxLineBytes"],
    ];
    for (const [options, path] of bad) {
      const imported = await importHistory(chunked(file), memoryEventStore(), options as never);
      expect(imported).toMatchObject(E.left({ code: "INVALID_OPTIONS", issues: [{ path }] }));
    }
  });
});

/** A store that refuses (INVALID_STORE_CALL) the appends `refuses` picks and passes the rest on. */
function refusingStore(store: EventStore, refuses: (events: readonly { metadata: { eventId: string } }[]) => boolean): EventStore {
  return {
    append: (streamId, events, expected) =>
      refuses(events)
        ? Promise.resolve(E.left({ code: "INVALID_STORE_CALL", message: "refused for the test", issues: [] }))
        : store.append(streamId, events, expected),
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
}
