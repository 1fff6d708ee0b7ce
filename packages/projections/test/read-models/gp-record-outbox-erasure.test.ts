import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork, type EventStore, type RecordedEvent } from "@linkwork/core";
import { dataKeys, newKeyEncryptionKey, sealingEventStore } from "@linkwork/core/personal-data";
import { memoryEventStore, memoryKeyStore } from "@linkwork/store-memory";
import { gpRecordOutbox, gpRecordOutboxProjection, type GpRecordOutboxState } from "../../src/index.js";
import { command, project, referral, refusedPaths, right } from "./read-model-history.js";

const projection = right(gpRecordOutboxProjection());
const consent = { contact: true, shareOutcomeWithReferrer: true };

/** Two people sharing their outcome, each with an acceptance and a needs entry waiting; case_e1's person is erased. */
const scenario = [
  referral("case_e1", "2024-01-02T09:00:00Z", { consent, reasons: ["domestic_abuse"] }),
  command("AcceptReferral", "2024-01-03T09:00:00Z", { caseId: "case_e1", linkWorkerId: "lw_w1" }),
  command("HoldConversation", "2024-01-04T09:00:00Z", { caseId: "case_e1", mode: "phone", minutes: 30, needs: ["bereavement"] }),
  referral("case_k1", "2024-01-02T10:00:00Z", { consent }),
  command("AcceptReferral", "2024-01-03T10:00:00Z", { caseId: "case_k1", linkWorkerId: "lw_w1" }),
  command("HoldConversation", "2024-01-04T10:00:00Z", { caseId: "case_k1", mode: "phone", minutes: 30, needs: ["housing"] }),
];

async function eventsAfter(store: EventStore, after: bigint | undefined): Promise<readonly RecordedEvent[]> {
  const page = await store.readAll(after === undefined ? { maxCount: 10_000 } : { after, maxCount: 10_000 });
  if (E.isLeft(page)) throw new Error(page.left.message);
  return page.right.events;
}

async function sealedService() {
  const store = sealingEventStore(memoryEventStore(), dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") }));
  const app = linkwork(store, { clock: () => Date.parse("2031-01-01T00:00:00Z") });
  for (const input of scenario) {
    const handled = await app.handle(input);
    if (E.isLeft(handled)) throw new Error(handled.left.message);
  }
  return { store, app };
}

describe("the gp-record-outbox after an erasure", () => {
  it("a live outbox given `erased` never hands out the erased person's entries, and its drain ends", async () => {
    const { store, app } = await sealedService();
    // The outbox as a running process holds it: built while the person's key existed.
    let events = await eventsAfter(store, undefined);
    let state: GpRecordOutboxState = project(projection, events);
    const erasedPeople = new Set<string>();
    expect(E.isRight(await store.erasePerson("person_e1"))).toBe(true);
    erasedPeople.add("person_e1");
    // Without being told, the outbox still holds and gives the erased person's entries, details and all.
    const unaware = right(gpRecordOutbox(state)).entries.filter((entry) => entry.personId === "person_e1");
    expect(unaware.map((entry) => entry.kind)).toEqual(["referral_accepted", "needs"]);
    expect(JSON.stringify(unaware)).toContain("bereavement");

    // A drain: ask a page of one, write it, acknowledge it, apply what was recorded, ask again.
    const given: string[] = [];
    let rounds = 0;
    for (;;) {
      const page = right(gpRecordOutbox(state, { limit: 1, erased: (personId) => erasedPeople.has(personId) }));
      const [entry] = page.entries;
      if (entry === undefined) {
        expect(page.remaining).toBe(0);
        break;
      }
      rounds += 1;
      expect(rounds).toBeLessThanOrEqual(2);
      given.push(`${entry.personId} ${entry.kind}`);
      const acknowledged = await app.handle(
        command("AcknowledgeGpRecordEntries", "2024-01-05T09:00:00Z", { caseId: entry.caseId, entryIds: [entry.entryId] }),
      );
      expect(E.isRight(acknowledged)).toBe(true);
      const recorded = await eventsAfter(store, events.at(-1)?.position);
      state = recorded.reduce(projection.apply, state);
      events = [...events, ...recorded];
    }
    expect(given).toEqual(["person_k1 referral_accepted", "person_k1 needs"]);
  });

  it("acknowledging an erased person's entries is accepted (GpRecordEntriesSent holds nothing sealed) and clears them", async () => {
    const { store } = await sealedService();
    const state = project(projection, await eventsAfter(store, undefined));
    const ids = right(gpRecordOutbox(state))
      .entries.filter((entry) => entry.caseId === "case_e1")
      .map((entry) => entry.entryId);
    expect(E.isRight(await store.erasePerson("person_e1"))).toBe(true);
    // A process started after the erasure reads the case in its erased form and still takes the acknowledgement.
    const restarted = linkwork(store, { clock: () => Date.parse("2031-01-01T00:00:00Z") });
    const handled = await restarted.handle(
      command("AcknowledgeGpRecordEntries", "2024-01-05T09:00:00Z", { caseId: "case_e1", entryIds: ids }),
    );
    expect(E.isRight(handled) && handled.right.events.map((event) => event.type)).toEqual(["GpRecordEntriesSent"]);
    const after = project(projection, await eventsAfter(store, undefined));
    expect(after.cases.get("case_e1")?.pending.size).toBe(0);
  });

  it("a rebuilt outbox gives none of the erased person's entries unasked; `erased` must be a function", async () => {
    const { store } = await sealedService();
    expect(E.isRight(await store.erasePerson("person_e1"))).toBe(true);
    const rebuilt = project(projection, await eventsAfter(store, undefined));
    expect(right(gpRecordOutbox(rebuilt)).entries.map((entry) => entry.personId)).toEqual(["person_k1", "person_k1"]);
    expect(refusedPaths(gpRecordOutbox(rebuilt, { erased: "person_e1" as never }))).toEqual(["erased"]);
  });
});
