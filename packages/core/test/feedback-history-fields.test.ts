import { describe, expect, it } from "vitest";
import { snomed } from "@linkwork/core";
import { HistoryChecker } from "@linkwork/core/store-kit";

// FeedbackSentToReferrer is left in the clear (docs/privacy.md): its SNOMED CT code may only be one
// the decider sends, and its count of connections only the number made so far. Any run of 6-18
// digits and any whole number fitted, so a history file could carry an NHS number (943 476 5919
// without its spaces) in either, past validate and import, never sealed.

const line = (position: number, streamVersion: number, type: string, schemaVersion: number, data: unknown, day: number) =>
  JSON.stringify({
    position: String(position),
    streamId: "case-case_c0042",
    streamVersion,
    type,
    schemaVersion,
    data,
    metadata: {
      eventId: `0195f000-0000-7000-8000-00000000000${position}`,
      occurredAt: `2025-04-0${day}T09:00:00Z`,
      recordedBy: "lw_ana1",
      correlationId: `3f2b8c1e-5d4a-4c7b-9e1f-00000000000${position}`,
      causationId: `3f2b8c1e-5d4a-4c7b-9e1f-00000000000${position}`,
    },
  });

const referral = line(
  1,
  1,
  "ReferralReceived",
  3,
  {
    caseId: "case_c0042",
    personId: "person_7f3a",
    pcnId: "U00009",
    practiceId: "E00006",
    source: "gp",
    reasons: ["loneliness"],
    consent: { contact: true, shareOutcomeWithReferrer: true, evaluation: true },
  },
  1,
);
const accepted = line(2, 2, "ReferralAccepted", 1, { linkWorkerId: "lw_ana1" }, 2);

function verdict(snomedCode: string | null, connections = 0): string {
  const checker = new HistoryChecker();
  for (const earlier of [referral, accepted]) {
    const checked = checker.check(earlier);
    if (!checked.ok) throw new Error(checked.problem.message);
  }
  const checked = checker.check(line(3, 3, "FeedbackSentToReferrer", 1, { status: "accepted", snomedCode, connections }, 3));
  return checked.ok ? "ok" : `${checked.problem.code} ${checked.problem.path}: ${checked.problem.message}`;
}

describe("FeedbackSentToReferrer's fields in a history file", () => {
  it("takes the codes the decider sends, and none", () => {
    expect(verdict(snomed.referralToSocialPrescribingService)).toBe("ok");
    expect(verdict(snomed.socialPrescribingDeclined)).toBe("ok");
    expect(verdict(null)).toBe("ok");
  });

  it("refuses an NHS number or any other run of digits, naming the field and not echoing it", () => {
    for (const code of ["9434765919", "07700900123", "19500101"]) {
      const answer = verdict(code);
      expect(answer).toMatch(/^INVALID_EVENT .*snomedCode/);
      expect(answer).not.toContain(code);
    }
  });

  it("refuses a count of connections other than those made so far, naming the field and not echoing it", () => {
    for (const connections of [9434765919, 1]) {
      const answer = verdict(snomed.referralToSocialPrescribingService, connections);
      expect(answer).toMatch(/^INVALID_EVENT data\.connections/);
      expect(answer).not.toContain(String(connections) + " ");
      expect(answer).not.toContain("9434765919");
    }
  });
});
