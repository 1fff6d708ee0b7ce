import { describe, expect, it } from "vitest";
import { formatHistoryLine, type LinkworkEvent } from "@linkwork/core";
import { HistoryChecker } from "@linkwork/core/store-kit";

// An acknowledgement of GP record entries in a history file gets the verdict the command gets from
// the handler: AcknowledgeGpRecordEntries naming one entry twice is refused, so is the line.

let eventNumber = 0;
const metadata = (day: number) => {
  eventNumber += 1;
  const suffix = eventNumber.toString(16).padStart(12, "0");
  return {
    eventId: `0195f000-0000-7000-8000-${suffix}`,
    occurredAt: `2025-04-${String(day).padStart(2, "0")}T09:00:00Z`,
    recordedBy: "lw_ana1",
    correlationId: `3f2b8c1e-5d4a-4c7b-9e1f-${suffix}`,
    causationId: `3f2b8c1e-5d4a-4c7b-9e1f-${suffix}`,
  };
};
const referral: LinkworkEvent = {
  type: "ReferralReceived",
  schemaVersion: 3,
  data: {
    caseId: "case_c0042",
    personId: "person_7f3a",
    pcnId: "U00009",
    practiceId: "E00006",
    source: "gp",
    reasons: ["loneliness"],
    consent: { contact: true, shareOutcomeWithReferrer: true, evaluation: true },
  },
  metadata: metadata(1),
};
const sent = (entryIds: string[]): LinkworkEvent => ({
  type: "GpRecordEntriesSent",
  schemaVersion: 1,
  data: { entryIds },
  metadata: metadata(2),
});

function verdicts(events: readonly LinkworkEvent[]): string[] {
  const checker = new HistoryChecker();
  return events.map((event, index) => {
    const position = BigInt(index + 1);
    const checked = checker.check(
      formatHistoryLine({ position, streamId: "case-case_c0042", streamVersion: index + 1, event }, position).trimEnd(),
    );
    return checked.ok ? "ok" : `${checked.problem.code} ${checked.problem.path}`;
  });
}

describe("GpRecordEntriesSent in a history file", () => {
  const one = `gpr_${"a".repeat(32)}`;
  const other = `gpr_${"b".repeat(32)}`;

  it("is refused when it names an entry twice, naming the second, as the command is", () => {
    expect(verdicts([referral, sent([one, other, one])])).toEqual(["ok", "INVALID_EVENT data.entryIds[2]"]);
  });

  it("is read when each entry is named once", () => {
    expect(verdicts([referral, sent([one, other])])).toEqual(["ok", "ok"]);
  });
});
