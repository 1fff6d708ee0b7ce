// Events written at an older schema version (before an upgrade of @linkwork/core) are read at the
// current one, lifted by the core's upcasters; current events are read exactly as written.
import { randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import { caseStream, eventIdFor, linkwork, type LinkworkEvent } from "@linkwork/core";
import { dropSchemas, freshStores, testDatabaseUrl } from "../test-support/test-database.js";

const schemas: string[] = [];
afterAll(() => dropSchemas(testDatabaseUrl(), schemas));

describe("store-postgres reads older schema versions at the current one", () => {
  it("lifts a ReferralReceived v1 (one consent flag) to v2 (two) and leaves v2 events as written", async () => {
    const stores = await freshStores();
    schemas.push(stores.schema);
    const commandId = randomUUID();
    const handled = await linkwork(stores.store).handle({
      type: "ReceiveReferral",
      caseId: "case_up2",
      commandId,
      occurredAt: "2025-01-06T09:00:00Z",
      recordedBy: "lw_up1",
      personId: "person_up1",
      pcnId: "U00001",
      practiceId: "B82005",
      source: "gp",
      reasons: ["loneliness"],
      consent: { contact: true, shareOutcomeWithReferrer: true },
    });
    if (E.isLeft(handled)) throw new Error(handled.left.message);
    const current = handled.right.events[0]!;
    expect(current.schemaVersion).toBe(3);

    // The same referral as an older Linkwork wrote it: schema version 1, consent a single flag.
    const olderId = randomUUID();
    const older = {
      ...current,
      schemaVersion: 1,
      data: { ...current.data, consent: true },
      metadata: {
        ...current.metadata,
        eventId: eventIdFor(olderId, 0, current.metadata.occurredAt),
        causationId: olderId,
        correlationId: olderId,
      },
    } as unknown as LinkworkEvent;
    expect(E.isRight(await stores.store.append("case-upcast-1", [older], "no_stream"))).toBe(true);

    const read = await stores.store.readStream("case-upcast-1");
    expect(E.isRight(read) && read.right[0]!.event).toEqual({
      ...older,
      schemaVersion: 3,
      // Version 1 split into contact and sharing; consent to evaluation was never asked, so not given.
      data: { ...current.data, consent: { contact: true, shareOutcomeWithReferrer: true, evaluation: false } },
    });
    const again = await stores.store.readStream(caseStream("case_up2"));
    expect(E.isRight(again) && again.right[0]!.event).toEqual(current);
    const all = await stores.store.readAll();
    expect(E.isRight(all) && all.right.events.map((recorded) => recorded.event.schemaVersion)).toEqual([3, 3]);
    await stores.close();
  });
});
