import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  decideCase,
  eventIdFor,
  generalPracticeSchemePolicy,
  gpOnlySchemePolicy,
  initialCaseState,
  schemePolicy,
  snomed,
  type CaseCommandInput,
  type SchemePolicy,
} from "@linkwork/core";
import { DAY_MS, givenCase, givenCaseCommands, instantAt } from "@linkwork/core/testing";

// The main flows of a case, one example at a time, in given / when / then form.

const caseId = "case_c0042";
const start = Date.parse("2025-03-03T09:00:00Z");
const at = (day: number, minutes = 0) => instantAt(start + day * DAY_MS + minutes * 60_000);
let commandNumber = 0;
/** A fresh command id for every command written below. */
const nextId = () => `0195b000-0000-7000-8000-${(++commandNumber).toString(16).padStart(12, "0")}`;

type Body<T extends CaseCommandInput["type"]> = Omit<
  Extract<CaseCommandInput, { type: T }>,
  "type" | "caseId" | "commandId" | "occurredAt" | "recordedBy"
>;
function command<T extends CaseCommandInput["type"]>(type: T, day: number, body: Body<T>): Extract<CaseCommandInput, { type: T }> {
  return { type, caseId, commandId: nextId(), occurredAt: at(day), recordedBy: "lw_ana1", ...body } as Extract<
    CaseCommandInput,
    { type: T }
  >;
}

const consentToShare = { contact: true, shareOutcomeWithReferrer: true };
const referral = (overrides: Partial<Body<"ReceiveReferral">> = {}) =>
  command("ReceiveReferral", 0, {
    personId: "person_7f3a",
    pcnId: "U00009",
    practiceId: "E00006",
    source: "gp",
    referrerId: "ref_gp12",
    reasons: ["loneliness", "money_debt_benefits"],
    consent: consentToShare,
    ...overrides,
  });
const accept = (day = 1) => command("AcceptReferral", day, { linkWorkerId: "lw_ana1" });
const conversation = (day = 3) =>
  command("HoldConversation", day, { mode: "face_to_face", minutes: 50, needs: ["loneliness"], strengths: ["interests_hobbies"] });
const goals = [
  { goalId: "goal-1", need: "loneliness" },
  { goalId: "goal-2", need: "money_debt_benefits" },
] as const;
const plan = (day = 4) => command("AgreePlan", day, { goals: [...goals] });
const connection = (day = 5) =>
  command("MakeConnection", day, {
    connectionId: "conn-1",
    goalId: "goal-1",
    providerId: "prov_choir1",
    activity: "arts_culture",
    mode: "accompanied",
  });

describe("a case from referral to closure", () => {
  it("a referral from an accepted source is received, naming the person only by an opaque id", () => {
    const received = referral();
    givenCase()
      .when(received)
      .then([
        {
          type: "ReferralReceived",
          schemaVersion: 3,
          data: {
            caseId,
            personId: "person_7f3a",
            pcnId: "U00009",
            practiceId: "E00006",
            source: "gp",
            referrerId: "ref_gp12",
            reasons: ["loneliness", "money_debt_benefits"],
            consent: { ...consentToShare, evaluation: false },
          },
          metadata: {
            eventId: eventIdFor(received.commandId, 0, received.occurredAt),
            occurredAt: received.occurredAt,
            recordedBy: "lw_ana1",
            correlationId: received.commandId,
            causationId: received.commandId,
          },
        },
      ]);
  });

  it("acceptance tells the referrer by itself that the person accepted, with SNOMED 871731000000106", () => {
    givenCaseCommands([referral()])
      .when(accept())
      .thenEvents([
        { type: "ReferralAccepted", data: { linkWorkerId: "lw_ana1" } },
        { type: "FeedbackSentToReferrer", data: { status: "accepted", snomedCode: "871731000000106", connections: 0 } },
      ]);
    expect(snomed.referralToSocialPrescribingService).toBe("871731000000106");
  });

  it("acceptance tells the referrer nothing without consent to share the outcome", () => {
    givenCaseCommands([referral({ consent: { contact: true, shareOutcomeWithReferrer: false } })])
      .when(accept())
      .thenEvents([{ type: "ReferralAccepted", data: { linkWorkerId: "lw_ana1" } }]);
  });

  it("a scheme that turns acceptance feedback off sends the acceptance code with the first SendFeedbackToReferrer", () => {
    const policy = policyWith({ notifyReferrerOnAcceptance: false });
    const given = givenCaseCommands([referral()], { policy });
    given.when(accept()).thenEvents([{ type: "ReferralAccepted", data: { linkWorkerId: "lw_ana1" } }]);
    givenCaseCommands([referral(), accept()], { policy })
      .when(command("SendFeedbackToReferrer", 1, {}))
      .thenEvents([{ type: "FeedbackSentToReferrer", data: { status: "accepted", snomedCode: "871731000000106", connections: 0 } }]);
  });

  it("later feedback reports progress, without the acceptance code, counting connections", () => {
    givenCaseCommands([referral(), accept(), command("SendFeedbackToReferrer", 1, {}), conversation(), plan(), connection()])
      .when(command("SendFeedbackToReferrer", 6, {}))
      .thenEvents([{ type: "FeedbackSentToReferrer", data: { status: "in_progress", snomedCode: null, connections: 1 } }]);
  });

  it("the happy path runs to closure, telling the referrer how it ended", () => {
    const scheduled = command("ScheduleFollowUp", 22, { followUpId: "fu-1" });
    const life = [
      referral(),
      accept(),
      command("SendFeedbackToReferrer", 1, {}),
      conversation(),
      command("AssessWellbeing", 3, { instrument: "ONS4", timepoint: "baseline", items: [4, 5, 3, 7] }),
      plan(),
      connection(),
      command("RecordConnectionOutcome", 20, { connectionId: "conn-1", outcome: "attended" }),
      command("RecordGoalProgress", 20, { goalId: "goal-1", progress: "some_progress" }),
      command("RecordUnmetNeed", 21, { need: "money_debt_benefits", reason: "waiting_list", providerId: "prov_cab1" }),
      scheduled,
      command("CompleteFollowUp", 34, { followUpId: "fu-1", mode: "phone" }),
    ];
    const given = givenCaseCommands(life);
    // Feedback went at acceptance (the policy's default) and once more when asked.
    expect(given.state).toMatchObject({ stage: "plan_agreed", contacts: 2, feedbackSent: 2 });
    // The follow-up fell due after the policy's interval (28 days) from the day it was scheduled.
    expect(given.state.followUps.get("fu-1")).toEqual({ dueOn: at(22 + 28).slice(0, 10), completed: true });
    const close = given.when(command("CloseCase", 40, { reason: "connected_to_support" }));
    close.thenEvents([
      { type: "FeedbackSentToReferrer", data: { status: "closed", snomedCode: null, connections: 1 } },
      { type: "CaseClosed", data: { reason: "connected_to_support" } },
    ]);
    expect(close.thenState()).toMatchObject({ stage: "closed", feedbackSent: 3 });
  });

  it("a revised plan keeps the progress of the goals it carries over", () => {
    const state = givenCaseCommands([
      referral(),
      accept(),
      conversation(),
      plan(),
      command("RecordGoalProgress", 5, { goalId: "goal-1", progress: "achieved" }),
    ])
      .when(command("RevisePlan", 6, { goals: [goals[0], { goalId: "goal-3", need: "physical_activity_lifestyle" }] }))
      .thenState();
    expect([...state.goals.entries()]).toEqual([
      ["goal-1", { ...goals[0], progress: "achieved" }],
      ["goal-3", { goalId: "goal-3", need: "physical_activity_lifestyle", progress: "not_started" }],
    ]);
  });
});

describe("declining, rejecting and the message back to the referrer", () => {
  it("a decline sends FeedbackSentToReferrer with SNOMED 871711000000103 when consent allows", () => {
    givenCaseCommands([referral(), accept()])
      .when(command("DeclineSocialPrescribing", 2, { reason: "not_right_time" }))
      .thenEvents([
        { type: "FeedbackSentToReferrer", data: { status: "declined", snomedCode: "871711000000103", connections: 0 } },
        { type: "SocialPrescribingDeclined", data: { reason: "not_right_time" } },
      ]);
  });

  it("a decline sends nothing back when the person did not consent to sharing", () => {
    givenCaseCommands([referral({ consent: { contact: true, shareOutcomeWithReferrer: false } })])
      .when(command("DeclineSocialPrescribing", 2, { reason: "not_interested" }))
      .thenEvents([{ type: "SocialPrescribingDeclined", data: { reason: "not_interested" } }]);
  });

  it("a decline sends nothing back when the link worker asks not to notify", () => {
    givenCaseCommands([referral()])
      .when(command("DeclineSocialPrescribing", 2, { reason: "not_interested", notifyReferrer: false }))
      .thenEvents([{ type: "SocialPrescribingDeclined", data: { reason: "not_interested" } }]);
  });

  it("a rejection tells the referrer, with no SNOMED code", () => {
    givenCaseCommands([referral()])
      .when(command("RejectReferral", 1, { reason: "outside_area" }))
      .thenEvents([
        { type: "FeedbackSentToReferrer", data: { status: "rejected", snomedCode: null, connections: 0 } },
        { type: "ReferralRejected", data: { reason: "outside_area" } },
      ]);
  });

  it("feedback is refused without consent to share the outcome", () => {
    givenCaseCommands([referral({ consent: { contact: true, shareOutcomeWithReferrer: false } }), accept()])
      .when(command("SendFeedbackToReferrer", 2, {}))
      .thenFails({ code: "POLICY_VIOLATION", rule: "noConsentToShareOutcome" });
  });

  it("nothing follows a decline", () => {
    givenCaseCommands([referral(), command("DeclineSocialPrescribing", 1, { reason: "already_supported" })])
      .when(accept(2))
      .thenFails({ code: "INVALID_TRANSITION", stage: "declined", command: "AcceptReferral" });
  });
});

describe("scheme policy", () => {
  it("a GP-only scheme refuses a self-referral (POLICY_VIOLATION referralSourceNotAccepted)", () => {
    const error = givenCase([], { policy: gpOnlySchemePolicy })
      .when(referral({ source: "self" }))
      .thenFails({
        code: "POLICY_VIOLATION",
        rule: "referralSourceNotAccepted",
        command: "ReceiveReferral",
      });
    expect(error.message).toContain('"self"');
  });

  it("a GP-only scheme takes referrals from GPs only, as its name says", () => {
    givenCase([], { policy: gpOnlySchemePolicy })
      .when(referral({ source: "gp" }))
      .thenEvents([expect.objectContaining({ type: "ReferralReceived" })]);
    givenCase([], { policy: gpOnlySchemePolicy })
      .when(referral({ source: "practice_staff" }))
      .thenFails({ code: "POLICY_VIOLATION", rule: "referralSourceNotAccepted" });
  });

  it("a general-practice scheme takes referrals from GPs and practice staff, and no one else", () => {
    for (const source of ["gp", "practice_staff"] as const) {
      givenCase([], { policy: generalPracticeSchemePolicy })
        .when(referral({ source }))
        .thenEvents([expect.objectContaining({ type: "ReferralReceived" })]);
    }
    givenCase([], { policy: generalPracticeSchemePolicy })
      .when(referral({ source: "pharmacy" }))
      .thenFails({ code: "POLICY_VIOLATION", rule: "referralSourceNotAccepted" });
  });

  it("after the policy's unanswered attempts the person is unreachable: only a reached attempt or closing remains", () => {
    const policy = policyWith({ contactAttemptsBeforeUnreachable: 3 });
    const unanswered = (day: number) => command("RecordContactAttempt", day, { channel: "phone", reached: false });
    const given = givenCaseCommands([referral(), accept(), unanswered(2), unanswered(3), unanswered(4)], { policy });
    expect(given.state.unansweredAttempts).toBe(3);
    given.when(unanswered(5)).thenFails({ code: "POLICY_VIOLATION", rule: "contactAttemptsExhausted" });
    given.when(command("CloseCase", 5, { reason: "unreachable" })).thenEvents([
      { type: "FeedbackSentToReferrer", data: { status: "closed", snomedCode: null, connections: 0 } },
      { type: "CaseClosed", data: { reason: "unreachable" } },
    ]);
    expect(given.when(command("RecordContactAttempt", 5, { channel: "text", reached: true })).thenState().unansweredAttempts).toBe(0);
  });

  it("the episode ends after the policy's length: later work is refused, closing is not", () => {
    const policy = policyWith({ episodeLengthDays: 183 });
    const given = givenCaseCommands([referral()], { policy });
    given
      .when(accept(183))
      .thenEvents([
        { type: "ReferralAccepted", data: { linkWorkerId: "lw_ana1" } },
        expect.objectContaining({ type: "FeedbackSentToReferrer" }),
      ]);
    const late = { ...accept(183), occurredAt: at(183, 1) };
    given.when(late).thenFails({ code: "POLICY_VIOLATION", rule: "episodeLengthExceeded", command: "AcceptReferral" });
    given
      .when(command("CloseCase", 200, { reason: "episode_length_reached" }))
      .thenEvents([
        expect.objectContaining({ type: "FeedbackSentToReferrer" }),
        { type: "CaseClosed", data: { reason: "episode_length_reached" } },
      ]);
  });

  it("sessions stop at the policy's maximum contacts", () => {
    const policy = policyWith({ maxContacts: 2 });
    const given = givenCaseCommands(
      [
        referral(),
        accept(),
        conversation(3),
        command("ScheduleFollowUp", 3, { followUpId: "fu-1", dueOn: "2025-03-20" }),
        command("CompleteFollowUp", 17, { followUpId: "fu-1", mode: "video" }),
      ],
      { policy },
    );
    expect(given.state.contacts).toBe(2);
    given.when(conversation(18)).thenFails({ code: "POLICY_VIOLATION", rule: "maxContactsReached", command: "HoldConversation" });
  });
});

describe("the order of a case", () => {
  it("no conversation before acceptance", () => {
    givenCaseCommands([referral()])
      .when(conversation(1))
      .thenFails({ code: "INVALID_TRANSITION", stage: "referred", command: "HoldConversation" });
  });

  it("no plan before a conversation", () => {
    givenCaseCommands([referral(), accept()])
      .when(plan(2))
      .thenFails({ code: "INVALID_TRANSITION", stage: "accepted", command: "AgreePlan" });
  });

  it("a connection names a goal of the plan", () => {
    givenCaseCommands([referral(), accept(), conversation(), plan()])
      .when(
        command("MakeConnection", 5, {
          connectionId: "conn-1",
          goalId: "goal-9",
          providerId: "prov_choir1",
          activity: "arts_culture",
          mode: "signposted",
        }),
      )
      .thenFails({ code: "UNKNOWN_REFERENCE", field: "goalId", reference: "goal-9" });
  });

  it("an outcome names an existing connection", () => {
    givenCaseCommands([referral(), accept(), conversation(), plan(), connection()])
      .when(command("RecordConnectionOutcome", 6, { connectionId: "conn-2", outcome: "attended" }))
      .thenFails({ code: "UNKNOWN_REFERENCE", field: "connectionId", reference: "conn-2" });
  });

  it("a plan's goal ids are distinct", () => {
    givenCaseCommands([referral(), accept(), conversation()])
      .when(command("AgreePlan", 4, { goals: [goals[0], { goalId: "goal-1", need: "housing" }] }))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "goals[1].goalId" }] });
  });

  it("a follow-up is completed once", () => {
    const complete = (day: number) => command("CompleteFollowUp", day, { followUpId: "fu-1", mode: "phone" });
    givenCaseCommands([referral(), accept(), conversation(), command("ScheduleFollowUp", 3, { followUpId: "fu-1" }), complete(10)])
      .when(complete(11))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "followUpId" }] });
  });

  it("the case cannot be handed to the link worker who holds it", () => {
    const given = givenCaseCommands([referral(), accept()]);
    given
      .when(command("ReassignLinkWorker", 2, { toLinkWorkerId: "lw_ana1" }))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "toLinkWorkerId" }] });
    given
      .when(command("ReassignLinkWorker", 2, { toLinkWorkerId: "lw_ben1" }))
      .thenEvents([{ type: "LinkWorkerReassigned", data: { fromLinkWorkerId: "lw_ana1", toLinkWorkerId: "lw_ben1" } }]);
  });

  it("time does not run backwards inside a case", () => {
    const error = givenCaseCommands([referral(), accept(5)])
      .when(conversation(4))
      .thenFails("TIME_WENT_BACKWARDS");
    expect(error).toMatchObject({ occurredAt: at(4), lastOccurredAt: at(5) });
  });
});

describe("measures", () => {
  const engaged = () => givenCaseCommands([referral(), accept(), conversation()]);

  it("ONS4 answers are recorded with their scores, instrument version and timepoint", () => {
    engaged()
      .when(command("AssessWellbeing", 3, { instrument: "ONS4", timepoint: "baseline", items: [4, 5, 3, 7] }))
      .thenEvents([
        {
          type: "WellbeingAssessed",
          data: {
            instrument: "ONS4",
            instrumentVersion: "1",
            timepoint: "baseline",
            items: [4, 5, 3, 7],
            scores: { lifeSatisfaction: 4, worthwhile: 5, happiness: 3, anxiety: 7 },
          },
        },
      ]);
  });

  it("an answer out of range is refused, naming the item", () => {
    engaged()
      .when(command("AssessWellbeing", 3, { instrument: "UCLA3", timepoint: "baseline", items: [1, 2, 4] }))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "items[2]" }] });
  });

  it("the wrong number of answers, or an unknown instrument, is refused", () => {
    engaged()
      .when(command("AssessWellbeing", 3, { instrument: "UCLA3", timepoint: "baseline", items: [1, 2] }))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "items" }] });
    engaged()
      .when(command("AssessWellbeing", 3, { instrument: "MYCAW", timepoint: "baseline", items: [1] }))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "instrument" }] });
  });
});

describe("event identity", () => {
  it("event ids are derived from the command id: the same command always yields the same ids", () => {
    const close = { ...command("CloseCase", 9, { reason: "goals_met" }) };
    const state = givenCaseCommands([referral(), accept()]).state;
    const first = decideCase(close, state);
    expect(decideCase(structuredClone(close), state)).toEqual(first);
    const events = E.isRight(first) ? first.right : [];
    expect(events.map((event) => event.metadata.eventId)).toEqual([
      eventIdFor(close.commandId, 0, close.occurredAt),
      eventIdFor(close.commandId, 1, close.occurredAt),
    ]);
    expect(new Set(events.map((event) => event.metadata.eventId)).size).toBe(2);
  });

  it("another command id yields other ids, and the ids are UUID v7 carrying occurredAt", () => {
    const close = command("CloseCase", 9, { reason: "goals_met" });
    const state = givenCaseCommands([referral()]).state;
    const ids = (input: unknown) => {
      const decided = decideCase(input, state);
      return E.isRight(decided) ? decided.right.map((event) => event.metadata.eventId) : [];
    };
    const once = ids(close);
    const again = ids({ ...close, commandId: nextId() });
    expect(once).toHaveLength(2);
    expect(again).toHaveLength(2);
    for (const id of once) expect(again).not.toContain(id);
    for (const id of once) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.parseInt(id.replaceAll("-", "").slice(0, 12), 16)).toBe(Date.parse(close.occurredAt));
    }
  });

  it("events carry the command's correlation id when it has one, and the command as their cause", () => {
    const correlationId = "0195b000-0000-7000-8000-0000c0ffee00";
    const received = { ...referral(), correlationId };
    const [event] = givenCase()
      .when(received)
      .thenEvents([expect.objectContaining({ type: "ReferralReceived" })]);
    expect(event?.metadata).toMatchObject({
      correlationId,
      causationId: received.commandId,
      recordedBy: "lw_ana1",
      occurredAt: received.occurredAt,
    });
  });
});

describe("bad input", () => {
  it("a command missing a field is VALIDATION_FAILED naming it", () => {
    const { personId: _omitted, ...withoutPerson } = referral();
    givenCase()
      .when(withoutPerson)
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "personId" }] });
  });

  it("an unknown command type is VALIDATION_FAILED naming type", () => {
    givenCase()
      .when({ ...referral(), type: "ReferPerson" })
      .thenFails((error) => error.code === "VALIDATION_FAILED" && error.issues.some((issue) => issue.path === "type"));
  });

  it("a person's NHS number or email is refused as an id", () => {
    givenCase()
      .when(referral({ personId: "9434765919" }))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "personId" }] });
    givenCase()
      .when(referral({ personId: "ann@example.org" }))
      .thenFails({ code: "VALIDATION_FAILED", issues: [{ path: "personId" }] });
  });
});

describe("the given / when / then helper", () => {
  it("fails a test that expects events when the command is refused, showing why", () => {
    expect(() => givenCase().when(accept()).thenEvents([])).toThrow(
      /expected AcceptReferral to be accepted, but it was refused: .*INVALID_TRANSITION/,
    );
  });

  it("fails a test that expects a refusal when the command is accepted, or refused for another reason", () => {
    expect(() => givenCase().when(referral()).thenFails()).toThrow(
      /expected ReceiveReferral to be refused, but it was accepted with ReferralReceived/,
    );
    expect(() => givenCase().when(accept()).thenFails("POLICY_VIOLATION")).toThrow();
    expect(() =>
      givenCase()
        .when(accept())
        .thenFails((error) => error.code === "TIME_WENT_BACKWARDS"),
    ).toThrow(/did not match/);
  });

  it("fails a test whose given commands are refused", () => {
    expect(() => givenCaseCommands([accept()])).toThrow(/given command #0 \(AcceptReferral\) was refused/);
  });

  it("starts from the initial state when given nothing", () => {
    expect(givenCase().state).toBe(initialCaseState);
  });
});

function policyWith(settings: Partial<SchemePolicy>): SchemePolicy {
  const policy = schemePolicy(settings);
  if (E.isLeft(policy)) return expect.unreachable(policy.left.message);
  return policy.right;
}
