import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHistory, writeHistoryFile, type EventStore, type RecordedEvent } from "@linkwork/core";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";
import {
  historyFileSource,
  readAllSource,
  startProjectionRunner,
  subscriptionSource,
  type Projection,
  type ProjectionSource,
} from "../../src/index.js";
import { recordCaseload } from "./runner-caseload.js";
import { allEvents, tallyOf, tallyProjection } from "./runner-fixtures.js";

let directory = "";
let store: EventStore;
let events: RecordedEvent[] = [];
let historyPath = "";

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "linkwork-runner-"));
  store = memoryEventStore();
  await recordCaseload(store, { people: 15, rounds: 2, seed: 21 });
  events = await allEvents(store);
  historyPath = join(directory, "history.ndjson");
  const written = await writeHistoryFile(store, historyPath);
  expect(E.isRight(written) && written.right.events).toBe(events.length);
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Replays a source through a fresh set to its end (a subscription: until caught up). */
async function replay<State>(source: ProjectionSource, projection: () => Projection<State>, batchSize = 64) {
  const projections = [projection(), projection()].map((made, index) => ({ ...made, name: `${made.name}-${index}` }));
  const runner = startProjectionRunner({ source, projections, checkpoints: memoryCheckpointStore(), batchSize });
  const caughtUp = await runner.waitUntilCaughtUp();
  expect(E.isRight(caughtUp)).toBe(true);
  await runner.stop();
  return { status: runner.status(), states: projections.map((made) => runner.state(made)) };
}

describe("replay", () => {
  it("gives identical states from a store's pages, a subscription and the history file", async () => {
    const expected = tallyOf(events);
    const fromPages = await replay(readAllSource(store), tallyProjection);
    const fromSubscription = await replay(subscriptionSource(store), tallyProjection);
    const fromFile = await replay(historyFileSource(historyPath), tallyProjection, 50);
    for (const run of [fromPages, fromSubscription, fromFile]) {
      expect(run.status.eventsApplied).toBe(events.length);
      expect(run.states).toEqual([expected, expected]);
    }
    expect(fromFile.status.position).toBe(BigInt(events.length));
  });

  it("parses each event once and hands the same object to every projection of the set", async () => {
    const seen: RecordedEvent[] = [];
    let shared = 0;
    const first: Projection<number> = {
      name: "first",
      version: 1,
      initialState: () => 0,
      apply: (count, recorded) => (seen.push(recorded), count + 1),
    };
    const second: Projection<number> = {
      name: "second",
      version: 1,
      initialState: () => 0,
      apply: (count, recorded) => {
        if (seen[seen.length - 1] === recorded) shared += 1;
        return count + 1;
      },
    };
    const runner = startProjectionRunner({
      source: historyFileSource(historyPath),
      projections: [first, second],
      checkpoints: memoryCheckpointStore(),
    });
    expect(E.isRight(await runner.done)).toBe(true);
    expect(runner.state(first)).toBe(events.length);
    expect(shared).toBe(events.length);
  });

  it("resumes a file replay from its checkpoint: a longer export of the same store adds only the new lines", async () => {
    const checkpoints = memoryCheckpointStore();
    const growing = memoryEventStore();
    await recordCaseload(growing, { people: 6, rounds: 1, seed: 4 });
    const shortPath = join(directory, "short.ndjson");
    expect(E.isRight(await writeHistoryFile(growing, shortPath))).toBe(true);
    const firstRun = startProjectionRunner({
      source: historyFileSource(shortPath),
      projections: [tallyProjection()],
      checkpoints,
      batchSize: 8,
    });
    const first = await firstRun.done;
    expect(E.isRight(first)).toBe(true);

    await recordCaseload(growing, { people: 6, rounds: 2, seed: 4 });
    const longPath = join(directory, "long.ndjson");
    expect(E.isRight(await writeHistoryFile(growing, longPath))).toBe(true);
    const all = await allEvents(growing);
    const tally = tallyProjection();
    const secondRun = startProjectionRunner({ source: historyFileSource(longPath), projections: [tally], checkpoints, batchSize: 8 });
    const second = await secondRun.done;
    if (E.isLeft(first) || E.isLeft(second)) throw new Error("both runs should finish");
    expect(second.right.eventsApplied).toBe(all.length - first.right.eventsApplied);
    expect(second.right.duplicatesSkipped).toBe(first.right.eventsApplied);
    expect(secondRun.state(tally)).toEqual(tallyOf(all));
  });

  describe("a history file with bad lines", () => {
    let badPath = "";
    const badLines = [5, 12];

    beforeAll(async () => {
      const lines = (await readFile(historyPath, "utf8")).split("\n");
      lines[badLines[0]! - 1] = "{not json";
      lines[badLines[1]! - 1] = lines[badLines[1]! - 1]!.replace(/"type":"[A-Za-z]+"/, '"type":"NoSuchEvent"');
      badPath = join(directory, "bad.ndjson");
      await writeFile(badPath, lines.join("\n"));
    });

    it('"stop" ends at the first bad line, naming it, after applying every line before it', async () => {
      const tally = tallyProjection();
      const checkpoints = memoryCheckpointStore();
      const runner = startProjectionRunner({ source: historyFileSource(badPath), projections: [tally], checkpoints, batchSize: 3 });
      const outcome = await runner.done;
      expect(E.isLeft(outcome) && outcome.left).toMatchObject({ code: "LINE_INVALID", line: 5, problem: { code: "BAD_JSON", line: 5 } });
      expect(E.isLeft(outcome) && outcome.left.message).toContain("line 5");
      expect(runner.state(tally)).toEqual(tallyOf(events.slice(0, 4)));
      expect(await checkpoints.get("tally@v1")).toEqual(E.right(expect.objectContaining({ position: 4n })));
    });

    it('"skip" records each refused line, as an import reports them, and applies all the others', async () => {
      const tally = tallyProjection();
      const runner = startProjectionRunner({
        source: historyFileSource(badPath),
        projections: [tally],
        checkpoints: memoryCheckpointStore(),
        onError: "skip",
      });
      const outcome = await runner.done;
      // The same file through an import in report mode: one verdict for every reader. Besides the two
      // bad lines, the later lines of a stream that lost a line are refused, never applied on a hole.
      const imported = await importHistory(badPath, memoryEventStore(), { mode: "report" });
      const problems = E.isRight(imported) ? imported.right.problems : [];
      expect(problems.map((problem) => problem.line).slice(0, 2)).toEqual(badLines);
      expect(problems.length).toBeGreaterThan(2);
      expect(runner.failures().map((failure) => (failure.code === "LINE_INVALID" ? failure.problem : failure))).toEqual(problems);
      expect(runner.failures()).toMatchObject([
        { code: "LINE_INVALID", line: 5, problem: { code: "BAD_JSON" } },
        { code: "LINE_INVALID", line: 12, problem: { code: "UNKNOWN_EVENT_TYPE", path: "type" } },
        ...problems.slice(2).map(() => ({ code: "LINE_INVALID" })),
      ]);
      const refused = new Set(problems.map((problem) => problem.line));
      expect(E.isRight(outcome) && outcome.right).toMatchObject({
        phase: "finished",
        failures: refused.size,
        eventsApplied: events.length - refused.size,
      });
      expect(runner.state(tally)).toEqual(tallyOf(events.filter((_recorded, index) => !refused.has(index + 1))));
    });

    it("an apply failure on a file event names its line", async () => {
      const target = events[7]!;
      const runner = startProjectionRunner({
        source: historyFileSource(historyPath),
        projections: [tallyProjection({ failOn: (recorded) => recorded.position === target.position })],
        checkpoints: memoryCheckpointStore(),
      });
      const outcome = await runner.done;
      expect(E.isLeft(outcome) && outcome.left).toMatchObject({
        code: "APPLY_FAILED",
        line: 8,
        position: 8n,
        eventType: target.event.type,
      });
    });
  });
});
