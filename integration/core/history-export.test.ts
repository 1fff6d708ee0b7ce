import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryEventStore } from "@linkwork/store-memory";
import {
  exportHistory,
  HistoryExportError,
  importHistory,
  writeHistoryFile,
  type EventStore,
  type HistoryExportOptions,
  type StoreError,
} from "@linkwork/core";
import type { ReadAllPage } from "@linkwork/core/store-kit";
import { chunked, exampleCommands, exportText, linesOf, storeWith } from "./history-example.js";

let store: EventStore;
let file = "";
let directory = "";

beforeAll(async () => {
  store = await storeWith(exampleCommands);
  file = await exportText(store);
  directory = await mkdtemp(join(tmpdir(), "linkwork-export-"));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** `store` seen through a change to every page it reads. */
function readingThrough(inner: EventStore, change: (page: ReadAllPage) => E.Either<StoreError, ReadAllPage>): EventStore {
  return {
    append: (streamId, events, expected) => inner.append(streamId, events, expected),
    readStream: (streamId, options) => inner.readStream(streamId, options),
    readAll: async (options) => E.flatMap(change)(await inner.readAll(options)),
    subscribe: (options) => inner.subscribe(options),
    close: () => inner.close(),
  };
}

async function exportFailure(from: EventStore, options: HistoryExportOptions = {}): Promise<unknown> {
  try {
    await exportText(from, options);
  } catch (error) {
    return error instanceof HistoryExportError ? error.failure : error;
  }
  throw new Error("the export did not fail");
}

describe("exporting a history file", () => {
  it("writes one line per event, each ending in a newline, positions 1..n", () => {
    const lines = linesOf(file);
    expect(file.endsWith("\n")).toBe(true);
    expect(lines).toHaveLength(30);
    expect(lines.map((line) => (JSON.parse(line) as { position: string }).position)).toEqual(lines.map((_, index) => String(index + 1)));
  });

  it("the file is the same whatever the page size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), async (pageSize) => {
        expect(await exportText(store, { pageSize })).toBe(file);
      }),
      { numRuns: 20 },
    );
  });

  it("never writes the store's own positions", async () => {
    // Gapped positions, as EventStoreDB's log offsets are.
    const gap = (position: bigint) => position * 4096n + 17n;
    const gapped = readingThrough(store, (page) =>
      E.right({ ...page, events: page.events.map((recorded) => ({ ...recorded, position: gap(recorded.position) })) }),
    );
    const pagesAfter: (bigint | undefined)[] = [];
    const watched: EventStore = {
      ...gapped,
      readAll: (options = {}) => {
        pagesAfter.push(options.after);
        const { after, ...rest } = options;
        return gapped.readAll(after === undefined ? rest : { ...rest, after: (after - 17n) / 4096n });
      },
    };
    expect(await exportText(watched, { pageSize: 7 })).toBe(file);
    // Pages continue after the last position the store gave, whatever it is.
    expect(pagesAfter.slice(0, 2)).toEqual([undefined, gap(7n)]);
  });

  it("a category filter keeps streams whole and the file importable", async () => {
    const cases = await exportText(store, { filter: { categories: ["case"] } });
    const lines = linesOf(cases).map((line) => JSON.parse(line) as { position: string; streamId: string; streamVersion: number });
    expect(lines).toHaveLength(24);
    expect(lines.every((line) => line.streamId.startsWith("case-"))).toBe(true);
    expect(lines.map((line) => line.position)).toEqual(lines.map((_, index) => String(index + 1)));
    const target = memoryEventStore();
    expect(await importHistory(chunked(cases), target, { mode: "strict" })).toMatchObject(
      E.right({ events: 24, streams: 3, problems: [] }),
    );
    expect(await exportText(target)).toBe(cases);

    const reference = await exportText(store, { filter: { categories: ["pcn", "linkworker"] } });
    expect(linesOf(reference).map((line) => (JSON.parse(line) as { type: string }).type)).toEqual([
      "PcnListSizeRecorded",
      "LinkWorkerJoined",
      "LinkWorkerFteChanged",
      "LinkWorkerLeft",
    ]);
  });

  it("refuses bad options and filters that would split streams", async () => {
    expect(await exportFailure(store, { pageSize: 0 })).toMatchObject({ code: "INVALID_OPTIONS", issues: [{ path: "pageSize" }] });
    const byType = { filter: { categories: ["case"], eventTypes: ["CaseClosed"] } } as unknown as HistoryExportOptions;
    expect(await exportFailure(store, byType)).toMatchObject({ code: "INVALID_OPTIONS", issues: [{ path: "filter.eventTypes" }] });
    const unknown = { filter: { categories: ["team"] } } as unknown as HistoryExportOptions;
    expect(await exportFailure(store, unknown)).toMatchObject({ code: "INVALID_OPTIONS", issues: [{ path: "filter.categories" }] });
  });

  it("a store that fails, or holds an event that breaks its schema, ends the export with a typed error", async () => {
    const unavailable: StoreError = { code: "STORE_UNAVAILABLE", message: "gone", retryable: true };
    expect(await exportFailure(readingThrough(store, () => E.left(unavailable)))).toMatchObject({
      code: "STORE_FAILED",
      storeError: unavailable,
    });

    const corrupt = readingThrough(store, (page) =>
      E.right({
        ...page,
        events: page.events.map((recorded) =>
          recorded.streamVersion === 5 ? { ...recorded, event: { ...recorded.event, data: {} } } : recorded,
        ),
      } as ReadAllPage),
    );
    expect(await exportFailure(corrupt)).toMatchObject({ code: "INVALID_STORED_EVENT", streamId: "case-case_c0001", streamVersion: 5 });
  });

  it("exportHistory yields each line on its own", async () => {
    const yielded: string[] = [];
    for await (const line of exportHistory(store, { pageSize: 4 })) yielded.push(line);
    expect(yielded).toHaveLength(30);
    expect(yielded.every((line) => line.endsWith("\n") && line.indexOf("\n") === line.length - 1)).toBe(true);
    expect(yielded.join("")).toBe(file);
  });
});

describe("writing a history file", () => {
  it("writes the export to the path and it imports back", async () => {
    const path = join(directory, "history.ndjson");
    expect(await writeHistoryFile(store, path, { pageSize: 8 })).toEqual(E.right({ path, events: 30 }));
    expect(await readFile(path, "utf8")).toBe(file);
    const target = memoryEventStore();
    expect(await importHistory(path, target, { mode: "strict" })).toMatchObject(E.right({ events: 30 }));
  });

  it("a failed export leaves no file behind, partial or whole", async () => {
    const path = join(directory, "failed.ndjson");
    let pages = 0;
    const failsLater = readingThrough(store, (page) =>
      ++pages > 2 ? E.left({ code: "STORE_UNAVAILABLE", message: "gone", retryable: true }) : E.right(page),
    );
    expect(await writeHistoryFile(failsLater, path, { pageSize: 5 })).toMatchObject(E.left({ code: "STORE_FAILED" }));
    expect((await readdir(directory)).filter((name) => name.includes("failed"))).toEqual([]);

    expect(await writeHistoryFile(store, path, { pageSize: -1 })).toMatchObject(E.left({ code: "INVALID_OPTIONS" }));
  });

  it("a partial file left by a killed export is removed by the next export of the same file; another file's or a live process's is kept", async () => {
    const path = join(directory, "again.ndjson");
    // Above Linux's largest pid_max, so no process can have it.
    const deadPid = 4_194_305;
    const stale = join(directory, `.again.ndjson.${deadPid}.0badc0de.partial`);
    const live = join(directory, `.again.ndjson.${process.pid}.0badc0de.partial`);
    const other = join(directory, `.other.ndjson.${deadPid}.0badc0de.partial`);
    for (const leftover of [stale, live, other]) await writeFile(leftover, '{"position":"1"');
    expect(await writeHistoryFile(store, path)).toEqual(E.right({ path, events: 30 }));
    const names = await readdir(directory);
    expect(names).not.toContain(basename(stale));
    expect(names).toContain(basename(live));
    expect(names).toContain(basename(other));
    expect(await readFile(path, "utf8")).toBe(file);
  });

  it("an unwritable path is WRITE_FAILED", async () => {
    const path = join(directory, "no-such-folder", "history.ndjson");
    expect(await writeHistoryFile(store, path)).toMatchObject(E.left({ code: "WRITE_FAILED", path }));
  });
});
