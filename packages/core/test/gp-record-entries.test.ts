import { describe, expect, it } from "vitest";
import type { CaseCommandInput, CaseEvent } from "@linkwork/core";
import { gpRecordCodingOf, gpRecordEntriesOf, gpRecordEntryId } from "@linkwork/core/gp-record";
import { DAY_MS, givenCaseCommands, instantAt } from "@linkwork/core/testing";

// The GP record entries of a case (issue 17): which events cause one, with which code and detail,
// their deterministic ids, and the acknowledgement that marks them sent.

const caseId = "case_c0042";
const start = Date.parse("2025-03-03T09:00:00Z");
const at = (day: number) => instantAt(start + day * DAY_MS);
let commandNumber = 0;
const nextId = () => `0195b000-0000-7000-8000-${(++commandNumber).toString(16).padStart(12, "0")}`;

type Body<T extends CaseCommandInput["type"]> = Omit<
  Extract<CaseCommandInput, { type: T }>,
  "type" | "caseId" | "commandId" | "occurredAt" | "recordedBy"
>;
function command<T extends CaseCommandInput["type"]>(type: T, day: number, body: Body<T>): CaseCommandInput {
  return { type, caseId, commandId: nextId(), occurredAt: at(day), recordedBy: "lw_ana1", ...body } as CaseCommandInput;
}

const referral = (shareOutcomeWithReferrer = true) =>
  command("ReceiveReferral", 0, {
    personId: "person_7f3a",
    pcnId: "U00009",
    practiceId: "E00006",
    source: "gp",
    reasons: ["loneliness"],
    consent: { contact: true, shareOutcomeWithReferrer },
  });
const accept = command("AcceptReferral", 1, { linkWorkerId: "lw_ana1" });
const conversation = (needs: string[]) => command("HoldConversation", 2, { mode: "phone", minutes: 30, needs, strengths: [] });
const assessment = command("AssessWellbeing", 2, { instrument: "UCLA3", timepoint: "baseline", items: [2, 3, 2] });
const plan = command("AgreePlan", 3, { goals: [{ goalId: "goal-1", need: "loneliness" }] });
const connection = command("MakeConnection", 4, {
  connectionId: "conn-1",
  goalId: "goal-1",
  providerId: "prov_choir1",
  activity: "arts_culture",
  mode: "referred",
});
const closure = command("CloseCase", 30, { reason: "goals_met", notifyReferrer: false });
const acknowledge = (day: number, entryIds: string[]) => command("AcknowledgeGpRecordEntries", day, { entryIds });

const codingsOf = (events: readonly CaseEvent[]) => events.flatMap((event) => gpRecordCodingOf(caseId, event) ?? []);

describe("GP record entries of a case", () => {
  const life = [referral(), accept, conversation(["loneliness"]), assessment, plan, connection, closure];
  const given = givenCaseCommands(life);

  it("are the acceptance, needs, outcome measure, support and closure, in order, each coded only with a cited code", () => {
    expect(codingsOf(given.events).map(({ kind, snomedCode }) => [kind, snomedCode])).toEqual([
      ["referral_accepted", "871731000000106"],
      ["needs", null],
      ["outcome_measure", null],
      ["support", null],
      ["closure", null],
    ]);
  });

  it("carry the detail the events hold: scores, needs, support and the closure reason", () => {
    const details = codingsOf(given.events).map((coding) => coding.detail);
    expect(details).toEqual([
      { kind: "referral_accepted" },
      { kind: "needs", needs: ["loneliness"] },
      { kind: "outcome_measure", instrument: "UCLA3", instrumentVersion: expect.any(String), timepoint: "baseline", scores: { total: 7 } },
      { kind: "support", activity: "arts_culture", mode: "referred" },
      { kind: "closure", reason: "goals_met" },
    ]);
  });

  it("have ids derived from the case and the causing event, the same on every replay and distinct across cases", () => {
    const ids = codingsOf(given.events).map((coding) => coding.entryId);
    const accepted = given.events.find((event) => event.type === "ReferralAccepted");
    expect(ids[0]).toBe(gpRecordEntryId(caseId, accepted?.metadata.eventId ?? ""));
    expect(codingsOf(givenCaseCommands(life).events).map((coding) => coding.entryId)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(gpRecordEntryId("case_c0043", accepted?.metadata.eventId ?? "")).not.toBe(ids[0]);
    expect([...gpRecordEntriesOf(given.state)]).toEqual(ids.map((id) => [id, false]));
  });

  it("record a decline with 871711000000103, and a conversation that found no needs causes none", () => {
    const declined = givenCaseCommands([
      referral(),
      command("DeclineSocialPrescribing", 1, { reason: "not_interested", notifyReferrer: false }),
    ]);
    expect(codingsOf(declined.events).map(({ kind, snomedCode, detail }) => [kind, snomedCode, detail])).toEqual([
      ["social_prescribing_declined", "871711000000103", { kind: "social_prescribing_declined", reason: "not_interested" }],
    ]);
    expect(codingsOf(givenCaseCommands([referral(), accept, conversation([])]).events).map((coding) => coding.kind)).toEqual([
      "referral_accepted",
    ]);
  });
});

describe("acknowledging GP record entries", () => {
  const life = [referral(), accept, conversation(["loneliness"]), command("CloseCase", 5, { reason: "other", notifyReferrer: false })];
  const given = givenCaseCommands(life);
  const [acceptedId, needsId, closureId] = [...gpRecordEntriesOf(given.state).keys()];

  it("records them sent, also after the case closed, and marks them in the state", () => {
    const acknowledged = given.when(acknowledge(6, [acceptedId!, closureId!]));
    acknowledged.thenEvents([{ type: "GpRecordEntriesSent", data: { entryIds: [acceptedId!, closureId!] } }]);
    expect([...gpRecordEntriesOf(acknowledged.thenState())]).toEqual([
      [acceptedId, true],
      [needsId, false],
      [closureId, true],
    ]);
  });

  it("refuses an entry already acknowledged, so nothing is sent twice", () => {
    // The acceptance's entry id depends only on the case and the acceptance command's event.
    const [id] = [...gpRecordEntriesOf(givenCaseCommands([referral(), accept]).state).keys()];
    const twice = givenCaseCommands([referral(), accept, acknowledge(2, [id!])]);
    twice.when(acknowledge(3, [id!])).thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "entryIds[0]" }] });
  });

  it("refuses an id the case never caused, naming it, and an id named twice", () => {
    const unknown = `gpr_${"0".repeat(32)}`;
    given.when(acknowledge(6, [acceptedId!, unknown])).thenFails({ code: "UNKNOWN_REFERENCE", field: "entryIds[1]", reference: unknown });
    given.when(acknowledge(6, [needsId!, needsId!])).thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "entryIds[1]" }] });
  });

  it("refuses an id of the wrong shape and an empty list as invalid commands", () => {
    given.when(acknowledge(6, ["gpr_not-hex"])).thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "entryIds[0]" }] });
    given.when(acknowledge(6, [])).thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "entryIds" }] });
  });

  it("refuses any acknowledgement once the case has ended with every entry acknowledged, naming the first id", () => {
    const unknown = `gpr_${"0".repeat(32)}`;
    const finished = givenCaseCommands([...life, acknowledge(6, [acceptedId!, closureId!]), acknowledge(6, [needsId!])]);
    expect(finished.state.stage).toBe("closed");
    // Named entries of the case and an id it never caused get one verdict: nothing is left to acknowledge.
    for (const entryIds of [[closureId!], [unknown], [unknown, acceptedId!]]) {
      finished.when(acknowledge(7, entryIds)).thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "entryIds[0]" }] });
    }
    // A rejected case caused no entry: the same.
    const rejected = givenCaseCommands([referral(), command("RejectReferral", 1, { reason: "outside_area" })]);
    rejected.when(acknowledge(2, [unknown])).thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "entryIds[0]" }] });
    // While an entry awaits, an unknown id is still UNKNOWN_REFERENCE.
    given.when(acknowledge(6, [unknown])).thenFails({ code: "UNKNOWN_REFERENCE", field: "entryIds[0]" });
  });

  it("is refused before the case exists", () => {
    givenCaseCommands([])
      .when(acknowledge(0, [acceptedId!]))
      .thenFails("INVALID_TRANSITION");
  });
});
