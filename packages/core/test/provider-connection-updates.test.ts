import { describe, expect, it } from "vitest";
import type { CaseCommandInput } from "@linkwork/core";
import { DAY_MS, givenCaseCommands, instantAt } from "@linkwork/core/testing";

// Closed-loop referrals: what the provider reports on a connection, in the order it may report it,
// and activity-budget spend for the plan.

const caseId = "case_c0077";
const start = Date.parse("2025-03-03T09:00:00Z");
let commandNumber = 0;
const nextId = () => `0195c000-0000-7000-8000-${(++commandNumber).toString(16).padStart(12, "0")}`;

type Body<T extends CaseCommandInput["type"]> = Omit<
  Extract<CaseCommandInput, { type: T }>,
  "type" | "caseId" | "commandId" | "occurredAt" | "recordedBy"
>;
function command<T extends CaseCommandInput["type"]>(type: T, day: number, body: Body<T>): Extract<CaseCommandInput, { type: T }> {
  return { type, caseId, commandId: nextId(), occurredAt: instantAt(start + day * DAY_MS), recordedBy: "lw_ana1", ...body } as Extract<
    CaseCommandInput,
    { type: T }
  >;
}

const life = [
  command("ReceiveReferral", 0, {
    personId: "person_7f3a",
    pcnId: "U00009",
    practiceId: "E00006",
    source: "gp",
    reasons: ["loneliness"],
    consent: { contact: true, shareOutcomeWithReferrer: false },
  }),
  command("AcceptReferral", 1, { linkWorkerId: "lw_ana1" }),
  command("HoldConversation", 2, { mode: "face_to_face", minutes: 40 }),
  command("AgreePlan", 3, { goals: [{ goalId: "goal-1", need: "loneliness" }] }),
  command("MakeConnection", 4, {
    connectionId: "conn-1",
    goalId: "goal-1",
    providerId: "prov_choir1",
    activity: "arts_culture",
    mode: "referred",
  }),
];
const update = (day: number, body: Body<"RecordProviderUpdate">) => command("RecordProviderUpdate", day, body);
const afterUpdates = (...updates: Body<"RecordProviderUpdate">[]) =>
  givenCaseCommands([...life, ...updates.map((body, index) => update(5 + index, body))]);

describe("what a provider reports on a connection", () => {
  it("runs accepted, attended, did not attend, attended, finished, and the connection says where it stands", () => {
    const given = afterUpdates({ connectionId: "conn-1", update: "waitlisted" }, { connectionId: "conn-1", update: "accepted" });
    expect(given.state.connections.get("conn-1")?.providerStatus).toBe("accepted");
    for (const next of ["attended", "did_not_attend", "attended"] as const) {
      given
        .when(update(9, { connectionId: "conn-1", update: next }))
        .thenEvents([{ type: "ProviderUpdateRecorded", data: { connectionId: "conn-1", update: next } }]);
    }
    expect(
      given
        .when(update(9, { connectionId: "conn-1", update: "finished" }))
        .thenState()
        .connections.get("conn-1")?.providerStatus,
    ).toBe("finished");
  });

  it("records a decline with its reason, after which the provider reports nothing more", () => {
    const given = afterUpdates();
    given
      .when(update(6, { connectionId: "conn-1", update: "declined", reason: "at_capacity" }))
      .thenEvents([{ type: "ProviderUpdateRecorded", data: { connectionId: "conn-1", update: "declined", reason: "at_capacity" } }]);
    const declined = afterUpdates({ connectionId: "conn-1", update: "declined", reason: "not_eligible" });
    expect(declined.state.connections.get("conn-1")?.providerStatus).toBe("declined");
    for (const next of ["accepted", "attended", "waitlisted", "declined", "finished"] as const) {
      declined
        .when(update(9, { connectionId: "conn-1", update: next, ...(next === "declined" ? { reason: "other" as const } : {}) }))
        .thenFails({
          code: "VALIDATION_FAILED",
          issues: [{ path: "update" }],
        });
    }
  });

  it.each([
    ["attended before it was accepted", [], "attended", "awaiting"],
    ["did not attend before it was accepted", [], "did_not_attend", "awaiting"],
    ["finished before it was accepted", [], "finished", "awaiting"],
    ["attended while on the waiting list", [{ connectionId: "conn-1", update: "waitlisted" } as const], "attended", "waitlisted"],
    ["waitlisted twice", [{ connectionId: "conn-1", update: "waitlisted" } as const], "waitlisted", "waitlisted"],
    ["accepted twice", [{ connectionId: "conn-1", update: "accepted" } as const], "accepted", "accepted"],
  ])("refuses %s (VALIDATION_FAILED naming update, and the status)", (_, before, next, status) => {
    const error = afterUpdates(...before)
      .when(update(9, { connectionId: "conn-1", update: next as "attended" }))
      .thenFails("VALIDATION_FAILED");
    expect(error.code === "VALIDATION_FAILED" && error.issues[0]?.path).toBe("update");
    expect(error.message).toContain(`when the connection is ${status}`);
  });

  it("requires a reason with a decline and refuses one with anything else (naming reason)", () => {
    const given = afterUpdates();
    given
      .when(update(6, { connectionId: "conn-1", update: "declined" }))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "reason" }] });
    given
      .when(update(6, { connectionId: "conn-1", update: "accepted", reason: "at_capacity" }))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "reason" }] });
  });

  it("refuses an update on a connection the case never made (UNKNOWN_REFERENCE)", () => {
    afterUpdates()
      .when(update(6, { connectionId: "conn-9", update: "accepted" }))
      .thenFails({ code: "UNKNOWN_REFERENCE", field: "connectionId", reference: "conn-9" });
  });

  it("refuses an update before the plan is agreed or after the case closed (INVALID_TRANSITION)", () => {
    givenCaseCommands(life.slice(0, 3))
      .when(update(6, { connectionId: "conn-1", update: "accepted" }))
      .thenFails({ code: "INVALID_TRANSITION" });
    givenCaseCommands([...life, command("CloseCase", 5, { reason: "goals_met", notifyReferrer: false })])
      .when(update(6, { connectionId: "conn-1", update: "accepted" }))
      .thenFails({ code: "INVALID_TRANSITION", stage: "closed" });
  });
});

describe("activity-budget spend", () => {
  it("records spend for a goal and, when named, a connection", () => {
    afterUpdates()
      .when(command("RecordActivityBudgetSpend", 6, { goalId: "goal-1", connectionId: "conn-1", amountPence: 2400 }))
      .thenEvents([{ type: "ActivityBudgetSpent", data: { goalId: "goal-1", connectionId: "conn-1", amountPence: 2400 } }]);
  });

  it("refuses spend for a goal or connection the case does not have, and amounts outside 1p-£10,000 in whole pence", () => {
    const given = afterUpdates();
    given
      .when(command("RecordActivityBudgetSpend", 6, { goalId: "goal-9", amountPence: 100 }))
      .thenFails({ code: "UNKNOWN_REFERENCE", field: "goalId" });
    given
      .when(command("RecordActivityBudgetSpend", 6, { goalId: "goal-1", connectionId: "conn-9", amountPence: 100 }))
      .thenFails({ code: "UNKNOWN_REFERENCE", field: "connectionId" });
    for (const amountPence of [0, 1_000_001, 99.5]) {
      given
        .when(command("RecordActivityBudgetSpend", 6, { goalId: "goal-1", amountPence }))
        .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "amountPence" }] });
    }
  });
});
