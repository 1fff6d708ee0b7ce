import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import {
  eventCatalogue,
  formatHistoryLine,
  importHistory,
  parseHistoryLine,
  streamCategory,
  type EventStore,
  type RecordedEvent,
} from "@linkwork/core";
import { arbitraryHistory, arbitraryLinkworkEvent } from "@linkwork/core/testing";
import { chunked, exampleCommands, exportText, linesOf, storedEvents, storeWith } from "./history-example.js";

/** Imports a whole text in strict mode and insists it succeeded. */
async function importStrict(text: string, store: EventStore, sizes?: readonly number[]) {
  const imported = await importHistory(chunked(text, sizes), store, { mode: "strict" });
  if (E.isLeft(imported)) throw new Error(imported.left.message);
  return imported.right;
}

describe("history files round trip", () => {
  it("export(import(file)) reproduces any valid history file byte for byte", async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryHistory({ cases: { min: 1, max: 4 }, pcns: { min: 1, max: 2 }, comparisonPeople: { max: 2 } }),
        fc.array(fc.integer({ min: 1, max: 4096 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        async (history, chunkSizes, batchSize) => {
          const source = await storeWith(history.commands, { policy: history.policy });
          const file = await exportText(source);
          const lines = linesOf(file);

          const target = memoryEventStore();
          const imported = await importHistory(chunked(file, chunkSizes), target, { mode: "strict", batchSize });
          expect(imported).toEqual(E.right({ lines: lines.length, events: lines.length, streams: expect.any(Number), problems: [] }));
          expect(await exportText(target)).toBe(file);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("re-importing the same file into the same store writes nothing", async () => {
    const file = await exportText(await storeWith(exampleCommands));
    const target = memoryEventStore();
    const first = await importStrict(file, target);
    const second = await importStrict(file, target, [7, 300]);
    expect(second.events).toBe(first.events);
    expect(second.problems).toEqual([]);
    expect(await exportText(target)).toBe(file);
  });

  it("a file imported with different batching resumes an import that stopped part way", async () => {
    const file = await exportText(await storeWith(exampleCommands));
    const lines = linesOf(file);
    const target = memoryEventStore();
    // The first half went in one event per append; the rest comes with the whole file in big batches.
    await importStrict(`${lines.slice(0, 13).join("\n")}\n`, target);
    const resumed = await importHistory(chunked(file), target, { mode: "strict", batchSize: 1000 });
    expect(E.isRight(resumed)).toBe(true);
    expect(await exportText(target)).toBe(file);
  });

  it("counts lines, events and streams of the example", async () => {
    const file = await exportText(await storeWith(exampleCommands));
    const report = await importStrict(file, memoryEventStore());
    const streams = new Set(linesOf(file).map((line) => (JSON.parse(line) as { streamId: string }).streamId));
    expect(report).toEqual({ lines: 30, events: 30, streams: streams.size, problems: [] });
  });

  it("parse(format(event)) gives back the event for every event type", () => {
    fc.assert(
      fc.property(
        arbitraryLinkworkEvent(),
        fc.bigInt({ min: 1n, max: 2n ** 60n }),
        fc.integer({ min: 1, max: 10_000 }),
        (event, position, streamVersion) => {
          const category = eventCatalogue[event.type].category;
          const recorded: RecordedEvent = { streamId: `${category}-s1`, streamVersion, position: 999n, event };
          const text = formatHistoryLine(recorded, position);
          const parsed = parseHistoryLine(text, 1);
          expect(parsed).toEqual(E.right({ position, streamId: `${category}-s1`, streamVersion, event }));
          // Canonical: formatting the parsed line again gives the same text.
          if (E.isRight(parsed)) expect(formatHistoryLine(parsed.right, position)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("writes keys in the contract's order whatever order the store holds them in", async () => {
    const store = await storeWith(exampleCommands);
    const [first] = await storedEvents(store);
    if (first === undefined) throw new Error("empty store");
    const { metadata, data, schemaVersion, type } = first.event;
    const shuffled = { metadata: { ...metadata }, data: { ...data }, schemaVersion, type } as unknown as RecordedEvent["event"];
    const text = formatHistoryLine({ ...first, event: shuffled }, 1n);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      "position",
      "streamId",
      "streamVersion",
      "type",
      "schemaVersion",
      "data",
      "metadata",
    ]);
    expect(text).toBe(formatHistoryLine(first, 1n));
    expect(streamCategory(first.streamId)).toBe("pcn");
  });
});
