// readAll's paging over a scripted `$all`: events are decoded as each read hands them over, so a
// read that breaks part-way (a transient failure after some events) is repeated, and what it hands
// over again must be skipped, never delivered twice; system records, checkpoint streams and other
// streams are skipped; events sharing a commit position (a transaction) are all delivered.
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import type { GlobalPosition, RecordedEvent } from "@linkwork/core";
import { describe, expect, it } from "vitest";
import { proposedEvent } from "../src/event-encoding.js";
import type { ClientFailure, EventStoreClient, ServerPosition, StoredEvent } from "../src/event-store-client.js";
import { eventStoreDbOver, type EventStoreDb } from "../src/eventstore-db.js";
import { comparePositions } from "../src/global-position.js";
import { streamNaming } from "../src/stream-naming.js";
import { caseEvents, right } from "./adapter-fixture.js";

type Kind = "case" | "system" | "tombstone" | "checkpoint" | "foreign";

/** A log of `kinds`, in transactions of the given sizes (the events of one share its commit position). */
function logOf(kinds: readonly Kind[], transactionSizes: readonly number[]): StoredEvent[] {
  const events = caseEvents(kinds.length);
  const log: StoredEvent[] = [];
  let commit = 100n;
  let inTransaction = 0;
  let transaction = 0;
  kinds.forEach((kind, index) => {
    if (inTransaction >= (transactionSizes[transaction % Math.max(1, transactionSizes.length)] ?? 1)) {
      commit += 1000n;
      inTransaction = 0;
      transaction += 1;
    }
    const position: ServerPosition = { commit, prepare: commit - 50n + BigInt(inTransaction) * 7n };
    inTransaction += 1;
    const proposed = proposedEvent(events[index]!);
    const base = { revision: BigInt(index), position, id: proposed.id, isJson: true, data: proposed.data, metadata: proposed.metadata };
    switch (kind) {
      case "case":
        log.push({ ...base, stream: `case-case_p${index % 3}`, type: proposed.type });
        break;
      case "system":
        log.push({ ...base, stream: "$$case-case_p1", type: "$metadata" });
        break;
      case "tombstone":
        log.push({ ...base, stream: "case-case_p2", type: "$streamDeleted", isJson: false, data: new Uint8Array(), metadata: undefined });
        break;
      case "checkpoint":
        log.push({ ...base, stream: "linkwork_checkpoint-caseload", type: "CheckpointSaved" });
        break;
      case "foreign":
        log.push({ ...base, stream: `orders-${index}`, type: proposed.type });
        break;
    }
  });
  return log;
}

const transient: ClientFailure = { kind: "transient", message: "connection reset" };

/**
 * A client over `log` whose `$all` reads break after `cuts[n]` events on the n-th read (none where
 * the entry is null or past the read's end), then answer a transient failure.
 */
function scriptedDb(log: readonly StoredEvent[], cuts: readonly (number | null)[]): EventStoreDb {
  let reads = 0;
  const unused = () => Promise.resolve(E.left<ClientFailure, never>({ kind: "failed", message: "not used here" }));
  const client: EventStoreClient = {
    readAll: (from, maxCount, visit) => {
      const cut = cuts[reads] ?? null;
      reads += 1;
      const start = from === "start" ? 0 : log.findIndex((event) => comparePositions(event.position!, from) >= 0);
      const page = start < 0 ? [] : log.slice(start, start + maxCount);
      for (const [index, event] of page.entries()) {
        if (index === cut) return Promise.resolve(E.left(transient));
        visit(event);
      }
      return Promise.resolve(E.right(page.length));
    },
    append: unused,
    readStream: unused,
    subscribeToAll: () => ({ pause: () => undefined, resume: () => undefined, close: () => Promise.resolve() }),
    setMaxCount: unused,
    truncateBefore: () => Promise.resolve(E.right(null)),
    dispose: () => Promise.resolve(),
  };
  return eventStoreDbOver(client, {
    naming: streamNaming(""),
    // Cuts come at most every other read (below), so two tries always suffice.
    retry: { maxAttempts: 2, initialDelayMs: 0, maxDelayMs: 0 },
    appendDeadlineMs: 1000,
    checkpointsKept: 10,
    limits: { maxAppendBytes: 1_048_576, maxEventBytes: 2_147_483_647 },
  });
}

async function pagesOf(db: EventStoreDb, maxCount: number, eventTypes: readonly string[] | undefined): Promise<RecordedEvent[][]> {
  const pages: RecordedEvent[][] = [];
  let after: GlobalPosition | undefined;
  // A script holds at most 40 records: more pages than records plus one means paging went round in a
  // circle (a skip guard lost), which must fail here as an assertion, not run until memory is gone.
  const mostPages = 42;
  while (pages.length < mostPages) {
    const filter = eventTypes === undefined ? {} : { filter: { eventTypes: [...eventTypes] } };
    const page = right(await db.store.readAll({ ...(after === undefined ? {} : { after }), maxCount, ...filter }));
    pages.push([...page.events]);
    after = page.events.at(-1)?.position ?? after;
    if (page.isEnd) return pages;
  }
  expect.fail(`readAll never reached the end: ${String(mostPages)} pages over a script of at most 40 records`);
}

const kinds = fc.array(fc.constantFrom<Kind>("case", "case", "case", "system", "tombstone", "checkpoint", "foreign"), { maxLength: 40 });

describe("readAll paging over $all", () => {
  it("delivers every Linkwork event once and in order, in pages empty only at the end, whatever reads break part-way", async () => {
    await fc.assert(
      fc.asyncProperty(
        kinds,
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.option(fc.constant<readonly string[]>(["ContactAttempted"])),
        fc.array(fc.option(fc.nat(8)), { maxLength: 30 }),
        async (kindsOfLog, transactionSizes, maxCount, eventTypes, cuts) => {
          const log = logOf(kindsOfLog, transactionSizes);
          const wanted = log
            .filter((event, index) => kindsOfLog[index] === "case" && (eventTypes === null || eventTypes.includes(event.type)))
            .map((event) => event.id);
          // Never two broken reads in a row: the retry policy allows two tries.
          const db = scriptedDb(
            log,
            cuts.flatMap((cut) => [cut, null]),
          );
          const pages = await pagesOf(db, maxCount, eventTypes ?? undefined);
          expect(pages.flat().map((recorded) => recorded.event.metadata.eventId)).toEqual(wanted);
          expect(pages.slice(0, -1).every((page) => page.length > 0)).toBe(true);
          expect(pages.every((page) => page.length <= maxCount)).toBe(true);
          const positions = pages.flat().map((recorded) => recorded.position);
          expect(positions.every((position, index) => index === 0 || position > positions[index - 1]!)).toBe(true);
        },
      ),
    );
  });
});
