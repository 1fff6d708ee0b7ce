import * as E from "fp-ts/lib/Either.js";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  generalPracticeSchemePolicy,
  linkwork,
  openSchemePolicy,
  schemePoliciesByPcn,
  type EventStore,
  type HandleError,
  type SchemePolicy,
} from "@linkwork/core";
import { memoryEventStore } from "@linkwork/store-memory";

// One service hosts two schemes (issue 17): a Salford-style open scheme with long episodes and a
// Glossop-style general-practice scheme with few contacts. Each case is decided by its own PCN's
// scheme, and a PCN the service hosts no scheme for is refused before anything is written.

const salford = "U81042";
const glossop = "U00009";
const elsewhere = "U12345";
const salfordScheme: SchemePolicy = { ...openSchemePolicy, maxContacts: 12 };
const glossopScheme: SchemePolicy = { ...generalPracticeSchemePolicy, maxContacts: 1 };

let minute = 0;
const command = (type: string, fields: Record<string, unknown>) => ({
  type,
  commandId: randomUUID(),
  occurredAt: new Date(Date.parse("2025-01-06T09:00:00Z") + ++minute * 60_000).toISOString(),
  recordedBy: "lw_ana1",
  ...fields,
});
const referral = (caseId: string, pcnId: string, source: string) =>
  command("ReceiveReferral", {
    caseId,
    personId: "person_7f3a",
    pcnId,
    practiceId: "B82005",
    source,
    reasons: ["loneliness"],
    consent: { contact: true, shareOutcomeWithReferrer: false },
  });
const conversation = (caseId: string) => command("HoldConversation", { caseId, mode: "phone", minutes: 30 });

async function eventCount(store: EventStore): Promise<number> {
  const page = await store.readAll();
  if (E.isLeft(page)) throw new Error(page.left.message);
  return page.right.events.length;
}

function refusal(answer: E.Either<HandleError, unknown>): HandleError {
  if (E.isRight(answer)) throw new Error("expected a refusal");
  return answer.left;
}

function service() {
  const store = memoryEventStore();
  const core = linkwork(store, { policy: schemePoliciesByPcn({ [salford]: salfordScheme, [glossop]: glossopScheme }) });
  return { store, core };
}

describe("scheme policies per PCN on one handler", () => {
  it("takes a pharmacy referral in the open scheme's PCN and refuses it in the general-practice scheme's", async () => {
    const { core } = service();
    expect(E.isRight(await core.handle(referral("case_s1", salford, "pharmacy")))).toBe(true);
    expect(refusal(await core.handle(referral("case_g1", glossop, "pharmacy")))).toMatchObject({
      code: "POLICY_VIOLATION",
      rule: "referralSourceNotAccepted",
    });
    expect(E.isRight(await core.handle(referral("case_g2", glossop, "practice_staff")))).toBe(true);
  });

  it("decides later commands of a case under its own PCN's scheme (contact limits differ)", async () => {
    const { core } = service();
    for (const [caseId, pcnId] of [
      ["case_s1", salford],
      ["case_g1", glossop],
    ] as const) {
      expect(E.isRight(await core.handle(referral(caseId, pcnId, "gp")))).toBe(true);
      expect(E.isRight(await core.handle(command("AcceptReferral", { caseId, linkWorkerId: "lw_ana1" })))).toBe(true);
      expect(E.isRight(await core.handle(conversation(caseId)))).toBe(true);
    }
    // Glossop allows one contact per episode; Salford twelve.
    expect(refusal(await core.handle(conversation("case_g1")))).toMatchObject({ code: "POLICY_VIOLATION", rule: "maxContactsReached" });
    expect(E.isRight(await core.handle(conversation("case_s1")))).toBe(true);
  });

  it("refuses a referral for a PCN it hosts no scheme for, naming pcnId, and writes nothing", async () => {
    const { store, core } = service();
    expect(refusal(await core.handle(referral("case_x1", elsewhere, "gp")))).toMatchObject({
      code: "VALIDATION_FAILED",
      issues: [expect.objectContaining({ path: "pcnId" })],
    });
    expect(await eventCount(store)).toBe(0);
  });

  it("gives a PCN outside the table the fallback scheme when one is named", async () => {
    const store = memoryEventStore();
    const core = linkwork(store, { policy: schemePoliciesByPcn({ [glossop]: glossopScheme }, salfordScheme) });
    expect(E.isRight(await core.handle(referral("case_x1", elsewhere, "pharmacy")))).toBe(true);
    expect(refusal(await core.handle(referral("case_g1", glossop, "pharmacy")))).toMatchObject({ rule: "referralSourceNotAccepted" });
  });
});
