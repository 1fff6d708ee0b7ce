import * as E from "fp-ts/lib/Either.js";
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseStream, linkwork, type EventStore, type HandleError } from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";

// Linkwork.release: a released stream's cached state goes, and the next command reads the stream
// back from the store, deciding exactly as a handler that never let it go.

const at = "2025-01-06T09:00:00Z";
const caseId = "case_release1";

function command(type: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { type, caseId, commandId: randomUUID(), occurredAt: at, recordedBy: "lw_w1", ...fields };
}

/** A case taken through to closing, every step valid after the one before. */
const journey = () => [
  command("ReceiveReferral", {
    personId: "person_release1",
    pcnId: "U00007",
    practiceId: "P00004",
    source: "gp",
    reasons: ["loneliness"],
    consent: { contact: true, shareOutcomeWithReferrer: false },
  }),
  command("AcceptReferral", { linkWorkerId: "lw_w1" }),
  command("HoldConversation", { mode: "phone", minutes: 30 }),
  command("AgreePlan", { goals: [{ goalId: "goal-1", need: "loneliness" }] }),
  command("MakeConnection", {
    connectionId: "conn-1",
    goalId: "goal-1",
    providerId: "prov_p1",
    activity: "peer_support",
    mode: "referred",
  }),
  command("HoldConversation", { mode: "face_to_face", minutes: 45 }),
];

/** A store that records the version each stream read starts from. */
function readRecordingStore(store: EventStore) {
  const reads: number[] = [];
  const recorded: EventStore = {
    append: (streamId, events, expected) => store.append(streamId, events, expected),
    readStream: (streamId, options) => (reads.push(options?.fromVersion ?? 0), store.readStream(streamId, options)),
    readAll: (options) => store.readAll(options),
    subscribe: (options) => store.subscribe(options),
    close: () => store.close(),
  };
  return { store: recorded, reads };
}

function right<R>(answer: E.Either<HandleError, R>): R {
  if (E.isLeft(answer)) throw new Error(`expected Right, got ${JSON.stringify(answer.left)}`);
  return answer.right;
}

describe("Linkwork.release", () => {
  it("drops the cached stream: the next command reads it from the start, then from the cache again", async () => {
    const { store, reads } = readRecordingStore(memoryEventStore());
    const app = linkwork(store);
    const [referral, accept, conversation] = journey();
    right(await app.handle(referral));
    right(await app.handle(accept));
    expect(reads).toEqual([0, 1]);
    app.release(caseStream(caseId));
    const handled = right(await app.handle(conversation));
    expect(reads).toEqual([0, 1, 0]);
    expect(handled.version).toBe(3);
    right(await app.handle(command("AgreePlan", { goals: [{ goalId: "goal-1", need: "loneliness" }] })));
    expect(reads).toEqual([0, 1, 0, 3]);
  });

  it("releasing a stream nothing cached, or one never written, changes nothing", async () => {
    const app = linkwork(memoryEventStore());
    app.release(caseStream(caseId));
    app.release("no-such-stream");
    const [referral] = journey();
    expect(right(await app.handle(referral)).version).toBe(1);
  });

  it("for any points of release along a case, every command answers as it does with nothing released", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), async (releaseAfter) => {
        const commands = journey();
        const kept = linkwork(memoryEventStore());
        const released = linkwork(memoryEventStore());
        for (const [index, next] of commands.entries()) {
          const expected = right(await kept.handle(next));
          const actual = right(await released.handle(next));
          expect(actual).toEqual(expected);
          if (releaseAfter[index] === true) released.release(caseStream(caseId));
        }
        // A repeated command id is still recognised after a release: it reads its events back.
        released.release(caseStream(caseId));
        const repeat = right(await released.handle(commands[1]));
        expect(repeat.duplicate).toBe(true);
        expect(right(await released.loadCase(caseId))).toEqual(right(await kept.loadCase(caseId)));
      }),
      { numRuns: 40 },
    );
  });
});
