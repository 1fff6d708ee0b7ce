import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { linkwork } from "@linkwork/core";
import { roleBasedAuthoriser, type Actor } from "@linkwork/core/authorisation";
import { memoryAuditTrail, memoryEventStore } from "@linkwork/store-memory";

// PCN isolation as an invariant (issue 18): whatever link workers of whichever PCN send, to whichever
// case, a case's events are all recorded by workers of its own PCN, every refusal writes nothing,
// and the audit trail holds one entry per command sent to a case.

const at = (minute: number) => new Date(Date.UTC(2025, 0, 6, 9, minute)).toISOString();
const workers: readonly Actor[] = [
  { who: "lw_ana1", role: "linkWorker", pcnId: "U81042" },
  { who: "lw_bob2", role: "linkWorker", pcnId: "U81042" },
  { who: "lw_cat3", role: "linkWorker", pcnId: "U81043" },
  { who: "lw_dan4", role: "linkWorker", pcnId: "U81044" },
];
const caseIds = ["case_c1", "case_c2", "case_c3"] as const;

const step = fc.record({
  worker: fc.constantFrom(...workers),
  caseId: fc.constantFrom(...caseIds),
  kind: fc.constantFrom("refer", "accept", "attempt"),
  referTo: fc.constantFrom("U81042", "U81043", "U81044"),
});

function commandOf(kind: "refer" | "accept" | "attempt", caseId: string, referTo: string, index: number, worker: Actor) {
  const base = { caseId, commandId: crypto.randomUUID(), occurredAt: at(index) };
  switch (kind) {
    case "refer":
      return {
        ...base,
        type: "ReceiveReferral",
        personId: "person_7f3a",
        pcnId: referTo,
        practiceId: "B82005",
        source: "gp",
        reasons: ["loneliness"],
        consent: { contact: true, shareOutcomeWithReferrer: false },
      };
    case "accept":
      return { ...base, type: "AcceptReferral", linkWorkerId: worker.who };
    case "attempt":
      return { ...base, type: "RecordContactAttempt", channel: "phone", reached: false };
  }
}

describe("PCN isolation through linkwork", () => {
  it("writes to a case only for workers of its PCN, recorded as themselves, and audits every command sent", async () => {
    // Not vacuous: across the runs, commands are both taken and refused as FORBIDDEN.
    const seen = { written: 0, forbidden: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const store = memoryEventStore();
        const auditTrail = memoryAuditTrail();
        const core = linkwork(store, { clock: () => Date.parse("2025-02-01T00:00:00Z"), authorise: roleBasedAuthoriser, auditTrail });
        for (const [index, { worker, caseId, kind, referTo }] of steps.entries()) {
          const before = await store.readStream(`case-${caseId}`);
          const answer = await core.handle(commandOf(kind, caseId, referTo, index, worker), worker);
          const after = await store.readStream(`case-${caseId}`);
          if (E.isLeft(before) || E.isLeft(after)) throw new Error("the memory store failed");
          if (E.isLeft(answer)) expect(after.right.length, answer.left.code).toBe(before.right.length);
          else seen.written++;
          if (E.isLeft(answer) && answer.left.code === "FORBIDDEN") {
            seen.forbidden++;
            const pcnOfCase = (before.right[0]?.event.data as { pcnId?: string } | undefined)?.pcnId ?? referTo;
            expect(pcnOfCase).not.toBe(worker.pcnId);
          }
        }
        for (const caseId of caseIds) {
          const loaded = await core.loadCase(caseId, workers[0]);
          const stored = await store.readStream(`case-${caseId}`);
          if (E.isLeft(stored)) throw new Error("the memory store failed");
          if (stored.right.length === 0) continue;
          const pcnId = (stored.right[0]!.event.data as { pcnId: string }).pcnId;
          const writers = new Set(stored.right.map((recorded) => recorded.event.metadata.recordedBy));
          const ownWorkers = new Set(workers.filter((worker) => worker.pcnId === pcnId).map((worker) => worker.who));
          for (const writer of writers) expect(ownWorkers.has(writer)).toBe(true);
          // Reading it as a worker of PCN U81042: allowed exactly when the case is theirs.
          expect(E.isRight(loaded)).toBe(pcnId === "U81042");
          if (E.isRight(loaded)) expect(loaded.right.state.pcnId).toBe(pcnId);
        }
        const entries = await auditTrail.entries({ limit: 10_000 });
        if (E.isLeft(entries)) throw new Error(entries.left.message);
        const commandEntries = entries.right.filter((entry) => entry.action === "caseCommand");
        expect(commandEntries.map((entry) => [entry.who, "caseId" in entry ? entry.caseId : null])).toEqual(
          steps.map((sent) => [sent.worker.who, sent.caseId]),
        );
      }),
      { numRuns: 60 },
    );
    expect(seen.written).toBeGreaterThan(0);
    expect(seen.forbidden).toBeGreaterThan(0);
  });
});
