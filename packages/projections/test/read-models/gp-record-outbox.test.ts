import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type RecordedEvent } from "@linkwork/core";
import { gpRecordEntryId } from "@linkwork/core/gp-record";
import { arbitraryHistory } from "@linkwork/core/testing";
import { gpRecordOutbox, gpRecordOutboxProjection, type GpRecordOutboxState } from "../../src/index.js";
import {
  command,
  project,
  projectedEveryWay,
  recordedHistory,
  referral,
  refusedPaths,
  resumedFromSnapshot,
  right,
} from "./read-model-history.js";

const projection = right(gpRecordOutboxProjection());
const everything = (state: GpRecordOutboxState) => right(gpRecordOutbox(state, { limit: 10_000 }));
const consent = (shareOutcomeWithReferrer: boolean) => ({ contact: true, shareOutcomeWithReferrer });

/** c1 shares its outcome and runs to closure; c2 does not share and is accepted; c3 declines. */
const scenario = [
  referral("case_c1", "2024-01-02T09:00:00Z", { consent: consent(true), practiceId: "P00004" }),
  command("AcceptReferral", "2024-01-03T09:00:00Z", { caseId: "case_c1", linkWorkerId: "lw_w1" }),
  command("HoldConversation", "2024-01-04T09:00:00Z", { caseId: "case_c1", mode: "phone", minutes: 30, needs: ["loneliness"] }),
  command("AssessWellbeing", "2024-01-04T09:30:00Z", { caseId: "case_c1", instrument: "UCLA3", timepoint: "baseline", items: [3, 3, 2] }),
  command("CloseCase", "2024-02-01T09:00:00Z", { caseId: "case_c1", reason: "goals_met" }),
  referral("case_c2", "2024-01-05T09:00:00Z", { consent: consent(false), practiceId: "P00005" }),
  command("AcceptReferral", "2024-01-06T09:00:00Z", { caseId: "case_c2", linkWorkerId: "lw_w1" }),
  command("HoldConversation", "2024-01-07T09:00:00Z", { caseId: "case_c2", mode: "phone", minutes: 30, needs: ["housing"] }),
  referral("case_c3", "2024-01-08T09:00:00Z", { consent: consent(false), practiceId: "P00005" }),
  command("DeclineSocialPrescribing", "2024-01-09T09:00:00Z", { caseId: "case_c3", reason: "not_interested" }),
];

describe("the gp-record-outbox read model", () => {
  it("gives each case's entries oldest first: a summary with consent to share, codes only without", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const { entries, remaining } = everything(state);
    expect(remaining).toBe(0);
    expect(entries.map(({ caseId, kind, snomedCode, sharing }) => [caseId, kind, snomedCode, sharing])).toEqual([
      ["case_c1", "referral_accepted", "871731000000106", "summary"],
      ["case_c1", "needs", null, "summary"],
      ["case_c1", "outcome_measure", null, "summary"],
      ["case_c2", "referral_accepted", "871731000000106", "codes_only"],
      ["case_c3", "social_prescribing_declined", "871711000000103", "codes_only"],
      ["case_c1", "closure", null, "summary"],
    ]);
    expect(entries.find((entry) => entry.kind === "outcome_measure")?.detail).toMatchObject({ instrument: "UCLA3", scores: { total: 8 } });
    // Without consent the code goes alone, and uncoded entries (c2's needs) are withheld.
    expect(entries.filter((entry) => entry.sharing === "codes_only").every((entry) => entry.detail === null)).toBe(true);
    expect(entries.map((entry) => entry.practiceId)).toEqual(["P00004", "P00004", "P00004", "P00005", "P00005", "P00004"]);
  });

  it("pages by limit and filters by practice", async () => {
    const state = project(projection, await recordedHistory(scenario));
    const page = right(gpRecordOutbox(state, { limit: 2 }));
    expect(page.entries).toHaveLength(2);
    expect(page.remaining).toBe(4);
    expect(right(gpRecordOutbox(state, { practiceId: "P00005" })).entries.map((entry) => entry.caseId)).toEqual(["case_c2", "case_c3"]);
    expect(refusedPaths(gpRecordOutbox(state, { limit: 0 }))).toEqual(["limit"]);
  });

  it("leaves acknowledged entries out, and forgets an ended case once all it can send is acknowledged", async () => {
    const events = await recordedHistory(scenario);
    const sent = everything(project(projection, events)).entries;
    const c1 = sent.filter((entry) => entry.caseId === "case_c1").map((entry) => entry.entryId);
    const c3 = sent.filter((entry) => entry.caseId === "case_c3").map((entry) => entry.entryId);
    const acknowledged = await recordedHistory([
      ...scenario,
      command("AcknowledgeGpRecordEntries", "2024-02-02T09:00:00Z", { caseId: "case_c1", entryIds: c1.slice(0, 2) }),
      command("AcknowledgeGpRecordEntries", "2024-02-02T09:00:00Z", { caseId: "case_c3", entryIds: c3 }),
    ]);
    const state = project(projection, acknowledged);
    expect(everything(state).entries.map((entry) => entry.entryId)).toEqual(
      sent.map((entry) => entry.entryId).filter((id) => !c1.slice(0, 2).includes(id) && !c3.includes(id)),
    );
    // c3 declined and its one entry went: nothing of it is kept. c1 still has entries to send.
    expect([...state.cases.keys()].sort()).toEqual(["case_c1", "case_c2"]);
  });

  it("follows consent to share as it changes: withdrawn, details stop; given later, withheld entries go", async () => {
    const state = project(
      projection,
      await recordedHistory([
        ...scenario.slice(0, 4),
        command("WithdrawConsent", "2024-01-04T10:00:00Z", { caseId: "case_c1", purpose: "shareOutcomeWithReferrer" }),
        ...scenario.slice(5, 8),
        command("GiveConsent", "2024-01-08T10:00:00Z", { caseId: "case_c2", purpose: "shareOutcomeWithReferrer" }),
      ]),
    );
    const entries = everything(state).entries.map(({ caseId, kind, sharing }) => [caseId, kind, sharing]);
    // c1 withdrew: its code goes alone, its uncoded needs and scores are withheld.
    // c2 gave consent after its conversation: its needs entry, withheld until then, now goes as a summary.
    expect(entries).toEqual([
      ["case_c1", "referral_accepted", "codes_only"],
      ["case_c2", "referral_accepted", "summary"],
      ["case_c2", "needs", "summary"],
    ]);
    expect(everything(state).entries.find((entry) => entry.caseId === "case_c1")?.detail).toBeNull();
  });

  it("agrees with itself regrouped by stream, restored from a snapshot, and resumed part way", async () => {
    const events = await recordedHistory(scenario);
    const { state, regrouped, restored } = projectedEveryWay(projection, events);
    expect(everything(regrouped)).toEqual(everything(state));
    expect(everything(restored)).toEqual(everything(state));
    for (let cut = 0; cut <= events.length; cut += 1)
      expect(everything(resumedFromSnapshot(projection, events, cut))).toEqual(everything(state));
    expect(projection.codec?.decode("{}")).toMatchObject({ _tag: "Left" });
  });
});

/** The cases with a ReferralAccepted, and the ids of their acceptance entries. */
function acceptances(events: readonly RecordedEvent[]): Map<string, string> {
  const accepted = new Map<string, string>();
  for (const { streamId, event } of events) {
    if (event.type === "ReferralAccepted") {
      const caseId = streamId.slice("case-".length);
      accepted.set(caseId, gpRecordEntryId(caseId, event.metadata.eventId));
    }
  }
  return accepted;
}

const acknowledgedIds = (events: readonly RecordedEvent[]) =>
  new Set(events.flatMap(({ event }) => (event.type === "GpRecordEntriesSent" ? event.data.entryIds : [])));

const codedAccepted = (state: GpRecordOutboxState) => everything(state).entries.filter((entry) => entry.snomedCode === "871731000000106");

describe("gp-record-outbox properties", () => {
  it("holds one 871731000000106 entry per accepted episode in any history", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryHistory({ cases: { min: 1, max: 8 }, usage: false }), async (history) => {
        // Nothing acknowledged: every entry is still in the outbox.
        const events = await recordedHistory(
          history.commands.filter((each) => each.type !== "AcknowledgeGpRecordEntries"),
          history.policy,
        );
        const accepted = acceptances(events);
        const coded = codedAccepted(project(projection, events));
        expect(coded.length).toBe(accepted.size);
        expect(coded.map((entry) => entry.entryId).sort()).toEqual([...accepted.values()].sort());
      }),
      { numRuns: 40 },
    );
  });

  it("never gives an acknowledged entry, and gives every accepted episode's entry until it is acknowledged", async () => {
    let withAcknowledgements = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryHistory({ cases: { min: 1, max: 8 }, usage: false }), async (history) => {
        const events = await recordedHistory(history.commands, history.policy);
        const acknowledged = acknowledgedIds(events);
        if (acknowledged.size > 0) withAcknowledgements += 1;
        const entries = everything(project(projection, events)).entries;
        expect(entries.filter((entry) => acknowledged.has(entry.entryId))).toEqual([]);
        const expected = [...acceptances(events).values()].filter((id) => !acknowledged.has(id));
        expect(
          codedAccepted(project(projection, events))
            .map((entry) => entry.entryId)
            .sort(),
        ).toEqual(expected.sort());
        expect(new Set(entries.map((entry) => entry.entryId)).size).toBe(entries.length);
      }),
      { numRuns: 40 },
    );
    // The histories' case lives end with acknowledgements often enough for the property to bite.
    expect(withAcknowledgements).toBeGreaterThan(0);
  });
});
