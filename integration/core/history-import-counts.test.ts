import * as E from "fp-ts/lib/Either.js";
import { beforeAll, describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import { importHistory } from "@linkwork/core";
import { chunked, exampleCommands, exportText, storeWith } from "./history-example.js";

// The import counts a stream when the store accepts its first event; these reports are what a set
// of the streams written would give: 7 streams in the example file, on a first import and a re-import.
let file = "";

beforeAll(async () => {
  file = await exportText(await storeWith(exampleCommands));
});

describe("an import's counts", () => {
  it("are the same for any batch size, and again when the same file is imported into the same store", async () => {
    for (const batchSize of [1, 2, 3, 500]) {
      const store = memoryEventStore();
      for (const attempt of ["first", "again"]) {
        const imported = await importHistory(chunked(file, [400]), store, { mode: "strict", batchSize });
        expect(imported, `batch size ${batchSize}, ${attempt}`).toEqual(E.right({ lines: 30, events: 30, streams: 7, problems: [] }));
      }
    }
  });
});
