import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import { importHistory, type EventStore } from "@linkwork/core";
import { chunked, exampleCommands, exportText, linesOf, storedEvents, storeWith } from "./history-example.js";

/*
 * A store should answer Left, but one that throws (or whose promise rejects) must not pass for a
 * failing source: the import stops with STORE_UNAVAILABLE at the line whose append threw, having
 * written exactly the lines before it. The example file's appends: line 1, line 2, lines 3-21 (one
 * stream, one batch), 22-24, 25-26, 27, 28, 29-30.
 */
let file = "";
let eventIds: string[] = [];

beforeAll(async () => {
  file = await exportText(await storeWith(exampleCommands));
  eventIds = linesOf(file).map((text) => (JSON.parse(text) as { metadata: { eventId: string } }).metadata.eventId);
});

/** A memory store whose `append` fails from its `failFrom`th call on, by throwing or by rejecting. */
function failingStore(store: EventStore, failFrom: number, how: "throws" | "rejects"): EventStore {
  let appends = 0;
  return {
    append: (streamId, events, expected) => {
      appends += 1;
      if (appends < failFrom) return store.append(streamId, events, expected);
      if (how === "throws") throw new Error("boom");
      return Promise.reject(new Error("boom"));
    },
    readStream: (streamId, options) => store.readStream(streamId, options),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
}

/** The first line of each append of the example file, by append number (1-based). */
const firstLineOfAppend = [0, 1, 2, 3, 22, 25, 27, 28, 29];

describe("a store that throws during an import", () => {
  for (const mode of ["strict", "report"] as const) {
    for (const how of ["throws", "rejects"] as const) {
      it(`stops at the append that ${how}, in ${mode} mode, with what came before written`, async () => {
        for (let failFrom = 1; failFrom < firstLineOfAppend.length; failFrom++) {
          const store = memoryEventStore();
          const imported = await importHistory(chunked(file, [700]), failingStore(store, failFrom, how), { mode });
          if (E.isRight(imported) || imported.left.code !== "STORE_UNAVAILABLE")
            throw new Error(`append ${failFrom}: expected STORE_UNAVAILABLE`);
          const line = firstLineOfAppend[failFrom]!;
          expect(imported.left.line).toBe(line);
          expect(imported.left.message).toBe(`line ${line}: the store is unavailable: the store threw: boom`);
          expect(imported.left.report.events).toBe(line - 1);
          expect((await storedEvents(store)).map((recorded) => recorded.event.metadata.eventId)).toEqual(eventIds.slice(0, line - 1));
        }
      });
    }
  }
});
