import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { caseStream, linkwork, type HandleError } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";
import { commandIdHash } from "../../packages/core/src/store/command-versions.js";

// The handler keeps each command's first stream version under a 30-bit hash of its id
// (core/src/store/command-versions.ts) and reads the events back on a repeat. Two ids that share a
// hash must never be taken for each other: here are two real ones (found by search) on one stream.
const first = "0190f000-0000-4000-8000-0000000081cf";
const colliding = "0190f000-0000-4000-8000-000000031c01";

const at = "2025-01-06T09:00:00Z";
const referral = (caseId: string, commandId: string) => ({
  type: "ReceiveReferral",
  caseId,
  commandId,
  occurredAt: at,
  recordedBy: "lw_w1",
  personId: caseId.replace("case_", "person_"),
  pcnId: "U00007",
  practiceId: "P00004",
  source: "gp",
  reasons: ["loneliness"],
  consent: { contact: true, shareOutcomeWithReferrer: false },
});
const accept = (caseId: string, commandId: string, linkWorkerId = "lw_w1") => ({
  type: "AcceptReferral",
  caseId,
  commandId,
  occurredAt: at,
  recordedBy: "lw_w1",
  linkWorkerId,
});

function right<R>(answer: E.Either<HandleError, R>): R {
  if (E.isLeft(answer)) throw new Error(`expected Right, got ${JSON.stringify(answer.left)}`);
  return answer.right;
}

describe("command ids that share the handler's hash", () => {
  it("are two commands: each is decided once, each repeat gets its own events, a reuse is refused", async () => {
    expect(commandIdHash(first)).toBe(commandIdHash(colliding));
    // Either id first on the stream, so either is the candidate read first.
    for (const [earlier, later] of [
      [first, colliding],
      [colliding, first],
    ] as const) {
      const store = memoryEventStore();
      const caseId = `case_${earlier.slice(-4)}`;
      const app = linkwork(store);
      const referred = right(await app.handle(referral(caseId, earlier)));
      const accepted = right(await app.handle(accept(caseId, later)));
      expect(accepted.duplicate).toBe(false);
      expect(accepted.events.map((event) => event.type)).toEqual(["ReferralAccepted"]);
      expect(accepted.version).toBe(referred.version + 1);

      // Repeats, through the warm handler and through fresh ones (one without a cache).
      for (const handler of [app, linkwork(store), linkwork(store, { cacheSize: 0 })]) {
        const again = right(await handler.handle(accept(caseId, later)));
        expect(again).toMatchObject({ duplicate: true, version: accepted.version });
        expect(again.events.map((event) => event.metadata.eventId)).toEqual(accepted.events.map((event) => event.metadata.eventId));
        const referredAgain = right(await handler.handle(referral(caseId, earlier)));
        expect(referredAgain.duplicate).toBe(true);
        expect(referredAgain.events.map((event) => event.metadata.eventId)).toEqual(referred.events.map((event) => event.metadata.eventId));
        const reused = await handler.handle(accept(caseId, later, "lw_w2"));
        expect(reused).toEqual(E.left(expect.objectContaining({ code: "COMMAND_ID_REUSED", commandId: later })));
      }
      const stream = await store.readStream(caseStream(caseId));
      expect(E.isRight(stream) && stream.right.length).toBe(accepted.version);
    }
  });

  it("stay two commands when repeats of both arrive at once, with loads of the stream in between", async () => {
    const store = memoryEventStore();
    const caseId = "case_t0gether";
    const app = linkwork(store);
    right(await app.handle(referral(caseId, first)));
    const other = linkwork(store);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) => {
        const handler = index % 3 === 0 ? other : app;
        if (index % 4 === 3) return handler.loadCase(caseId).then(() => null);
        return handler.handle(index % 2 === 0 ? accept(caseId, colliding) : referral(caseId, first));
      }),
    );
    const handled = answers.filter((answer) => answer !== null).map(right);
    // Exactly one acceptance was decided; every other answer is a repeat with the first events.
    expect(handled.filter((each) => !each.duplicate).map((each) => each.events[0]!.type)).toEqual(["ReferralAccepted"]);
    for (const each of handled) {
      const expected = each.events[0]!.metadata.causationId === first ? "ReferralReceived" : "ReferralAccepted";
      expect(each.events.map((event) => event.type)).toEqual([expected]);
    }
    const stream = await store.readStream(caseStream(caseId));
    expect(E.isRight(stream) && stream.right.map((recorded) => recorded.event.type)).toEqual(["ReferralReceived", "ReferralAccepted"]);
  });
});
