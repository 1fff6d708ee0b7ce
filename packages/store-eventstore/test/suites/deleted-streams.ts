// Streams deleted or truncated outside Linkwork, as operators and other tools leave them on a real
// server: a tombstone's `$streamDeleted` record, retention by `$maxCount` / `$tb`, soft deletes.
// None may stop a read of `$all` or a subscription; none may let a partial history be folded.
// Over one client library; the deletes and metadata are written beside it with @eventstore/db-client.
import { randomUUID } from "node:crypto";
import { linkwork, type RecordedEvent } from "@linkwork/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventStoreDb } from "../../src/index.js";
import type { ServerControl } from "../../test-support/server-control.js";
import { caseEvents, left, reader, right } from "../adapter-fixture.js";
import { connectOver, type ClientUnderTest } from "../client-under-test.js";

const ids = (events: readonly RecordedEvent[]) => events.map((recorded) => recorded.event.metadata.eventId);

export function describeDeletedStreamsOver(client: ClientUnderTest): void {
  let server: ServerControl;
  let db: EventStoreDb;

  beforeEach(async () => {
    server = await client.startServer();
    db = connectOver(client, server);
  });
  afterEach(async () => {
    await db.close();
    await server.stop();
  });

  describe(`records that are not Linkwork events (${client.library})`, () => {
    it("never reach readAll or a subscription, which go on past a tombstoned case to the events after it", async () => {
      const before = caseEvents(2);
      const after = caseEvents(1);
      right(await db.store.append("case-gone", before, "no_stream"));
      // A tombstone leaves a non-JSON $streamDeleted record in $all under the stream's own name.
      await server.tombstoneStream("case-gone");
      // Records another tool may put in a Linkwork stream: a $-typed event and a binary one.
      await server.appendJson("case-other", "$thing", {});
      await server.appendBinary("case-other", "ContactAttempted", [1, 2, 3]);
      right(await db.store.append("case-later", after, "no_stream"));
      const wanted = [...before, ...after].map((event) => event.metadata.eventId);

      expect(ids(right(await db.store.readAll()).events)).toEqual(wanted);
      // Page by page, one event a page, the records in between are stepped over too.
      const paged: RecordedEvent[] = [];
      for (let after: bigint | undefined; ;) {
        const page = right(await db.store.readAll(after === undefined ? { maxCount: 1 } : { after, maxCount: 1 }));
        paged.push(...page.events);
        after = page.events.at(-1)?.position ?? after;
        if (page.isEnd) break;
      }
      expect(ids(paged)).toEqual(wanted);

      const subscription = reader(db.store.subscribe());
      const last = right(await db.store.readAll()).events.at(-1)!.position;
      await subscription.until(last);
      // Live, past the deleted stream: a new event still arrives.
      const live = caseEvents(1);
      const appended = right(await db.store.append("case-live", live, "no_stream"));
      await subscription.until(appended.position);
      await subscription.close();
      expect(ids(subscription.delivered)).toEqual([...wanted, live[0]!.metadata.eventId]);
    });
  });

  describe(`a stream whose history no longer starts at its first event (${client.library})`, () => {
    it("answers STREAM_TRUNCATED naming the first readable version after $tb set outside Linkwork, forwards and backwards", async () => {
      right(await db.store.append("case-tb", caseEvents(4), "no_stream"));
      await server.setStreamMetadata("case-tb", { truncateBefore: 2 });
      const truncated = { code: "STREAM_TRUNCATED", streamId: "case-tb", firstReadableVersion: 3 };
      expect(left(await db.store.readStream("case-tb"))).toMatchObject(truncated);
      expect(left(await db.store.readStream("case-tb", { fromVersion: 1 }))).toMatchObject(truncated);
      expect(left(await db.store.readStream("case-tb", { direction: "backwards" }))).toMatchObject(truncated);
      // Reads that start at or after the first readable event are whole.
      expect(right(await db.store.readStream("case-tb", { fromVersion: 2 })).map((recorded) => recorded.streamVersion)).toEqual([3, 4]);
      expect(
        right(await db.store.readStream("case-tb", { direction: "backwards", maxCount: 2 })).map((recorded) => recorded.streamVersion),
      ).toEqual([4, 3]);
    });

    it("answers STREAM_TRUNCATED after $maxCount trimmed it, and with no readable version when $tb hides everything", async () => {
      right(await db.store.append("case-capped", caseEvents(5), "no_stream"));
      await server.setStreamMetadata("case-capped", { maxCount: 2 });
      expect(left(await db.store.readStream("case-capped"))).toMatchObject({ code: "STREAM_TRUNCATED", firstReadableVersion: 4 });
      right(await db.store.append("case-hidden", caseEvents(2), "no_stream"));
      await server.setStreamMetadata("case-hidden", { truncateBefore: 10 });
      expect(left(await db.store.readStream("case-hidden"))).toMatchObject({ code: "STREAM_TRUNCATED", firstReadableVersion: null });
    });

    it("answers STREAM_TRUNCATED for a stream soft-deleted outside Linkwork, and refuses an append at no_stream, writing nothing", async () => {
      right(await db.store.append("case-soft", caseEvents(4), "no_stream"));
      await server.deleteStream("case-soft");
      const truncated = { code: "STREAM_TRUNCATED", streamId: "case-soft", firstReadableVersion: null };
      expect(left(await db.store.readStream("case-soft"))).toMatchObject(truncated);
      const countBefore = right(await db.store.readAll()).events.length;
      // Without the check the server would take this as a recreation, at versions 5 and 6.
      expect(left(await db.store.append("case-soft", caseEvents(2), "no_stream"))).toMatchObject(truncated);
      expect(left(await db.store.append("case-soft", caseEvents(2), 0))).toMatchObject(truncated);
      expect(left(await db.store.append("case-soft", caseEvents(2), "any"))).toMatchObject(truncated);
      expect(right(await db.store.readAll()).events).toHaveLength(countBefore);
      expect(left(await db.store.readStream("case-soft"))).toMatchObject(truncated);
    });

    it("is a typed failure of the command handler, which never folds the part that is left", async () => {
      const service = linkwork(db.store);
      const caseId = randomUUID();
      const command = (type: string, fields: Record<string, unknown>) => ({
        type,
        caseId,
        commandId: randomUUID(),
        occurredAt: "2025-01-06T09:00:00Z",
        recordedBy: "lw-1",
        ...fields,
      });
      const referral = command("ReceiveReferral", {
        personId: "person_t1",
        pcnId: "U00001",
        practiceId: "B82005",
        source: "gp",
        reasons: ["loneliness"],
        consent: { contact: true, shareOutcomeWithReferrer: false },
      });
      expect(right(await service.handle(referral))).toMatchObject({ version: 1 });
      right(await service.handle(command("AcceptReferral", { linkWorkerId: "lw_w1" })));
      await server.setStreamMetadata(`case-${caseId}`, { truncateBefore: 1 });
      // A fresh handler has nothing cached: its load meets the truncated stream.
      const fresh = linkwork(db.store);
      expect(left(await fresh.loadCase(caseId))).toMatchObject({ code: "STREAM_TRUNCATED", firstReadableVersion: 2 });
      expect(left(await fresh.handle(command("HoldConversation", { mode: "phone", minutes: 30 })))).toMatchObject({
        code: "STREAM_TRUNCATED",
      });
      await server.deleteStream(`case-${caseId}`);
      // Referred again after a soft delete: refused, where the server would have started it at version 3.
      expect(left(await linkwork(db.store).handle({ ...referral, commandId: randomUUID() }))).toMatchObject({
        code: "STREAM_TRUNCATED",
        firstReadableVersion: null,
      });
    });

    it("reads a stream that was never written as empty, and lets it be created", async () => {
      expect(right(await db.store.readStream("case-new"))).toEqual([]);
      expect(right(await db.store.append("case-new", caseEvents(1), "no_stream"))).toMatchObject({ nextExpectedVersion: 1 });
      // Metadata that hides nothing (a stream given $maxCount before its first event) is not a truncation.
      await server.setStreamMetadata("case-limited", { maxCount: 10 });
      expect(right(await db.store.readStream("case-limited"))).toEqual([]);
      expect(right(await db.store.append("case-limited", caseEvents(1), "no_stream"))).toMatchObject({ nextExpectedVersion: 1 });
    });
  });
}
