import { randomUUID } from "node:crypto";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkwork, type LinkworkEvent } from "@linkwork/core";
import { dataKeys, newKeyEncryptionKey, openEvent, sealingEventStore } from "@linkwork/core/personal-data";
import { memoryEventStore, memoryKeyStore } from "@linkwork/store-memory";

const at = (minute: number) => new Date(Date.UTC(2025, 0, 6, 9, minute)).toISOString().replace(".000Z", "Z");
const command = (type: string, minute: number, fields: Record<string, unknown>) => ({
  type,
  caseId: "case_a1",
  commandId: randomUUID(),
  occurredAt: at(minute),
  recordedBy: "lw_w1",
  ...fields,
});

/** The case's events in the clear, from a store that does not seal. */
async function plainEvents(): Promise<LinkworkEvent[]> {
  const plain = memoryEventStore();
  const handler = linkwork(plain, { maxClockSkewMs: Number.POSITIVE_INFINITY });
  for (const input of [
    command("ReceiveReferral", 0, {
      personId: "person_a1",
      pcnId: "U00001",
      practiceId: "B82005",
      source: "gp",
      reasons: ["domestic_abuse"],
      consent: { contact: true, shareOutcomeWithReferrer: false },
    }),
    command("AcceptReferral", 1, { linkWorkerId: "lw_w1" }),
    command("HoldConversation", 2, { mode: "phone", minutes: 30, needs: ["bereavement"], strengths: ["motivation"] }),
    command("CloseCase", 3, { reason: "died" }),
  ]) {
    const handled = await handler.handle(input);
    if (E.isLeft(handled)) throw new Error(handled.left.message);
  }
  const page = await plain.readAll({ maxCount: 100 });
  if (E.isLeft(page)) throw new Error(page.left.message);
  return page.right.events.map((recorded) => recorded.event);
}

const zeroKey = { personId: "person_a1", version: 1, key: Buffer.alloc(32) };

describe("an append racing the erasure of its person", () => {
  it("never stores details sealed with key bytes the erasure overwrote", async () => {
    const events = await plainEvents();
    // Every interleaving from "erased before the key is fetched" to "appended before the erasure".
    let stored = 0;
    for (let ticks = 0; ticks < 30; ticks += 1) {
      const raw = memoryEventStore();
      const store = sealingEventStore(raw, dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") }));
      expect(E.isRight(await store.append("case-case_a1", events.slice(0, 3), "no_stream"))).toBe(true);
      // The person's key is cached now; the closing event's append and the erasure run together.
      const appending = store.append("case-case_a1", [events[3]!], 3);
      for (let tick = 0; tick < ticks; tick += 1) await Promise.resolve();
      const erasing = store.erasePerson("person_a1");
      const appended = await appending;
      expect(E.isRight(await erasing)).toBe(true);
      if (E.isLeft(appended)) expect(appended.left.code).toBe("PERSON_ERASED");
      else stored += 1;
      const page = await raw.readAll({ maxCount: 100 });
      const closed = E.isRight(page) ? page.right.events.find((recorded) => recorded.event.type === "CaseClosed") : undefined;
      // Refused, or sealed with the person's real key (destroyed now): either way no known key opens the reason.
      if (closed !== undefined) expect(openEvent(closed.event, zeroKey)).toMatchObject({ data: { reason: { erased: true } } });
    }
    expect(stored).toBeGreaterThan(0);
  });
});
