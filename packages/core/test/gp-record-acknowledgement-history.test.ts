import { describe, expect, it } from "vitest";
import { formatHistoryLine, type LinkworkEvent } from "@linkwork/core";
import { gpRecordEntryId } from "@linkwork/core/gp-record";
import { HistoryChecker } from "@linkwork/core/store-kit";

// An acknowledgement of GP record entries in a history file gets the verdict the command gets from
// the handler: AcknowledgeGpRecordEntries naming one entry twice, an entry the case never caused or
// one already acknowledged is refused, so is the line, naming the entry.

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
const accepted: LinkworkEvent = { type: "ReferralAccepted", schemaVersion: 1, data: { linkWorkerId: "lw_ana1" }, metadata: metadata(2) };
const closed: LinkworkEvent = { type: "CaseClosed", schemaVersion: 1, data: { reason: "goals_met" }, metadata: metadata(3) };
const sent = (entryIds: string[]): LinkworkEvent => ({
  type: "GpRecordEntriesSent",
  schemaVersion: 1,
  data: { entryIds },
  metadata: metadata(4),
});

/** Each event's verdict; with `restartAt`, the checker is snapshotted and restored before that event. */
function verdicts(events: readonly LinkworkEvent[], restartAt = -1): string[] {
  let checker = new HistoryChecker();
  return events.map((event, index) => {
    if (index === restartAt) {
      const restored = HistoryChecker.restore(JSON.parse(JSON.stringify(checker.snapshot())));
      if (restored._tag === "Left") throw new Error(restored.left);
      checker = restored.right;
    }
    const position = BigInt(index + 1);
    const checked = checker.check(
      formatHistoryLine({ position, streamId: "case-case_c0042", streamVersion: index + 1, event }, position).trimEnd(),
    );
    return checked.ok ? "ok" : `${checked.problem.code} ${checked.problem.path}`;
  });
}

describe("GpRecordEntriesSent in a history file", () => {
  const one = gpRecordEntryId("case_c0042", accepted.metadata.eventId);
  const other = gpRecordEntryId("case_c0042", closed.metadata.eventId);
  const never = `gpr_${"b".repeat(32)}`;

  it("is refused when it names an entry twice, naming the second, as the command is", () => {
    expect(verdicts([referral, accepted, closed, sent([one, other, one])])).toEqual(["ok", "ok", "ok", "INVALID_EVENT data.entryIds[2]"]);
  });

  it("is read when it names entries the case caused, after the case ended too", () => {
    expect(verdicts([referral, accepted, closed, sent([one, other])])).toEqual(["ok", "ok", "ok", "ok"]);
  });

  it("is refused when it names an entry the case never caused, naming it", () => {
    expect(verdicts([referral, accepted, sent([one, never])])).toEqual(["ok", "ok", "UNKNOWN_REFERENCE data.entryIds[1]"]);
    expect(verdicts([referral, sent([one])])).toEqual(["ok", "UNKNOWN_REFERENCE data.entryIds[0]"]);
  });

  it("is refused when it names an entry already acknowledged, after a restart from a snapshot too", () => {
    const events = [referral, accepted, closed, sent([one]), sent([other, one])];
    const expected = ["ok", "ok", "ok", "ok", "INVALID_TRANSITION data.entryIds[1]"];
    expect(verdicts(events)).toEqual(expected);
    for (const restartAt of [1, 2, 3, 4]) expect(verdicts(events, restartAt)).toEqual(expected);
  });

  it("is refused after the ended case's entries are all acknowledged, whatever it names, as the command is", () => {
    // The checker drops the case's entries then: known and unknown ids get one verdict, naming the first id.
    const done = [referral, accepted, closed, sent([one]), sent([other])];
    for (const entryIds of [[one], [never], [never, one], [other]]) {
      const events = [...done, sent(entryIds)];
      const expected = ["ok", "ok", "ok", "ok", "ok", "INVALID_TRANSITION data.entryIds[0]"];
      expect(verdicts(events)).toEqual(expected);
      for (const restartAt of [3, 4, 5]) expect(verdicts(events, restartAt)).toEqual(expected);
    }
    const rejected: LinkworkEvent = { type: "ReferralRejected", schemaVersion: 1, data: { reason: "outside_area" }, metadata: metadata(2) };
    expect(verdicts([referral, rejected, sent([never])])).toEqual(["ok", "ok", "INVALID_TRANSITION data.entryIds[0]"]);
  });

  it("finds an entry caused by an event whose id is written in capitals, hashed as written", () => {
    const upper = { ...accepted, metadata: { ...accepted.metadata, eventId: "0195F000-0000-7000-8000-0000000000AA" } };
    const entry = gpRecordEntryId("case_c0042", upper.metadata.eventId);
    expect(verdicts([referral, upper, sent([entry])])).toEqual(["ok", "ok", "ok"]);
    expect(verdicts([referral, upper, sent([entry])], 2)).toEqual(["ok", "ok", "ok"]);
  });
});
