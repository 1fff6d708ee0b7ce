import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decideCase,
  finalStages,
  initialCaseState,
  openSchemePolicy,
  standardInstruments,
  type CaseEvent,
  type CaseState,
  type DomainError,
  type DomainErrorCode,
  type SchemePolicy,
} from "@linkwork/core";
import { ReferralSource } from "@linkwork/core/vocabulary";
import { gpRecordEntriesOf } from "@linkwork/core/gp-record";
import {
  arbitraryCaseCommand,
  arbitraryCaseCommandSequence,
  arbitraryCaseLife,
  arbitraryGoals,
  arbitraryInstrumentAnswers,
  arbitrarySchemePolicy,
  instantAt,
  MINUTE_MS,
  DAY_MS,
  notErased,
  runCase,
  type CaseRun,
} from "@linkwork/core/testing";

// Each invariant of a case is a property over generated histories: a case's valid life with
// arbitrary commands mixed in, under a random scheme policy. Most check both the stream (what was
// accepted never breaks the rule) and the decider at every state reached (a command that would
// break it is refused, with the right code).

const RUNS = 300;
const PROBE_ID = "0196a000-0000-7000-8000-00000000beef";
const knownCodes: readonly DomainErrorCode[] = [
  "VALIDATION_FAILED",
  "INVALID_TRANSITION",
  "POLICY_VIOLATION",
  "UNKNOWN_REFERENCE",
  "TIME_WENT_BACKWARDS",
];

/** A policy, and a case's commands (life plus arbitrary ones) run under it. */
const history = (policy: fc.Arbitrary<SchemePolicy> = arbitrarySchemePolicy()) =>
  policy.chain((chosen) => fc.tuple(fc.constant(chosen), arbitraryCaseCommandSequence({ policy: chosen })));

/** Every state the case passed through, the initial one first. */
const statesOf = (run: CaseRun): CaseState[] => [initialCaseState, ...run.steps.map((step) => step.after)];

const lastAt = (state: CaseState): number =>
  state.lastOccurredAt === null ? Date.parse("2024-01-01T09:00:00Z") : Date.parse(state.lastOccurredAt);

/** A command to try on a state: named for the case, `minutes` after its latest event. */
const probe = (state: CaseState, body: Record<string, unknown>, minutes = 0) => ({
  caseId: state.caseId ?? "case_probe1",
  commandId: PROBE_ID,
  occurredAt: instantAt(lastAt(state) + minutes * MINUTE_MS),
  recordedBy: "lw_w1",
  ...body,
});

const withinEpisode = (state: CaseState, policy: SchemePolicy, at: string): boolean =>
  state.referredAt === null || Date.parse(at) <= Date.parse(state.referredAt) + policy.episodeLengthDays * DAY_MS;

const engaged = (state: CaseState) => state.stage === "accepted" || state.stage === "in_conversation" || state.stage === "plan_agreed";

const failure = (result: E.Either<DomainError, CaseEvent[]>): DomainError | null => (E.isLeft(result) ? result.left : null);
/** Consent is given or withdrawn whenever the person says so, after the case ended too. */
const isConsentChange = (command: unknown): boolean =>
  typeof command === "object" &&
  command !== null &&
  "type" in command &&
  (command.type === "GiveConsent" || command.type === "WithdrawConsent");

/** A referral as the first command of a generated life. */
const referral = (policy: SchemePolicy = openSchemePolicy) =>
  arbitraryCaseLife({ policy }).map((life) => life[0] as Record<string, unknown>);

const isAcknowledgement = (command: unknown): boolean =>
  typeof command === "object" && command !== null && "type" in command && command.type === "AcknowledgeGpRecordEntries";

describe("case invariants", () => {
  it("a case starts with exactly one referral: on a new case only ReceiveReferral is accepted", () => {
    fc.assert(
      fc.property(arbitraryCaseCommand(), (command) => {
        const result = decideCase(command, initialCaseState);
        if (command.type === "ReceiveReferral") {
          expect(E.isRight(result) && result.right.map((event) => event.type)).toEqual(["ReferralReceived"]);
        } else {
          expect(failure(result)).toMatchObject({ code: "INVALID_TRANSITION", stage: "none", command: command.type });
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a case starts with exactly one referral: a second ReceiveReferral always fails INVALID_TRANSITION", () => {
    fc.assert(
      fc.property(history(), referral(), fc.nat({ max: 600 }), ([policy, commands], second, minutes) => {
        const run = runCase(commands, { policy });
        const referrals = run.events.filter((event) => event.type === "ReferralReceived");
        expect(referrals.length).toBeLessThanOrEqual(1);
        if (run.events.length > 0) expect(run.events[0]?.type).toBe("ReferralReceived");
        for (const state of statesOf(run).filter((s) => s.stage !== "none")) {
          const result = decideCase({ ...second, ...probe(state, {}, minutes) }, state, policy);
          expect(failure(result)).toMatchObject({ code: "INVALID_TRANSITION", command: "ReceiveReferral", stage: state.stage });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("nothing but a change of consent or the acknowledgement of GP record entries is accepted after closure, rejection or decline", () => {
    let probedFinal = 0;
    fc.assert(
      fc.property(
        history(),
        fc.array(fc.tuple(arbitraryCaseCommand(), fc.nat({ max: 10_000 })), { minLength: 1, maxLength: 10 }),
        ([policy, commands], after) => {
          const run = runCase(commands, { policy });
          // In the stream: nothing follows a final fact.
          const ended = run.steps.findIndex((step) => finalStages.includes(step.after.stage));
          for (const step of run.steps.slice(ended < 0 ? run.steps.length : ended + 1)) {
            // Consent changes, and an ended case's GP record entries (its closure among them), still come.
            if (isConsentChange(step.command) || isAcknowledgement(step.command)) continue;
            expect(failure(step.result)).toMatchObject({ code: "INVALID_TRANSITION", stage: step.before.stage });
          }
          // At the end: close the case if it is still open, then every command, at any later time, fails.
          const closing =
            engaged(run.state) || run.state.stage === "referred" ? [probe(run.state, { type: "CloseCase", reason: "other" }, 1)] : [];
          const final = runCase(closing, { policy }, run.state).state;
          if (!finalStages.includes(final.stage)) return;
          for (const [command, minutes] of after) {
            if (isConsentChange(command)) continue;
            const result = decideCase(
              { ...command, caseId: final.caseId, occurredAt: instantAt(lastAt(final) + minutes * MINUTE_MS) },
              final,
              policy,
            );
            if (command.type === "AcknowledgeGpRecordEntries") {
              // The arbitrary's ids are none of this case's entries: refused for that, not for the stage; once
              // every entry is acknowledged (or it caused none), refused as nothing is left to acknowledge.
              const awaiting = [...gpRecordEntriesOf(final).values()].some((sent) => !sent);
              expect(failure(result)).toMatchObject(
                awaiting
                  ? { code: "UNKNOWN_REFERENCE", field: "entryIds[0]" }
                  : { code: "VALIDATION_FAILED", issues: [{ path: "entryIds[0]" }] },
              );
              continue;
            }
            expect(failure(result)).toMatchObject({ code: "INVALID_TRANSITION", stage: final.stage, command: command.type });
            probedFinal += 1;
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(probedFinal).toBeGreaterThan(RUNS);
  });

  it("no conversation before acceptance", () => {
    fc.assert(
      fc.property(history(), fc.integer({ min: 1, max: 600 }), ([policy, commands], minutes) => {
        const run = runCase(commands, { policy });
        const accepted = run.events.findIndex((event) => event.type === "ReferralAccepted");
        const conversation = run.events.findIndex((event) => event.type === "ConversationHeld");
        if (conversation >= 0) expect(accepted).toBeGreaterThanOrEqual(0);
        if (conversation >= 0) expect(accepted).toBeLessThan(conversation);
        for (const state of statesOf(run).filter((s) => s.linkWorkerId === null)) {
          const result = decideCase(probe(state, { type: "HoldConversation", mode: "phone", minutes: 30 }, minutes), state, policy);
          expect(failure(result)).toMatchObject({ code: "INVALID_TRANSITION", command: "HoldConversation" });
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("no plan before a conversation", () => {
    fc.assert(
      fc.property(history(), arbitraryGoals(), ([policy, commands], goals) => {
        const run = runCase(commands, { policy });
        const conversation = run.events.findIndex((event) => event.type === "ConversationHeld");
        const plan = run.events.findIndex((event) => event.type === "PlanAgreed" || event.type === "PlanRevised");
        if (plan >= 0) expect(conversation).toBeGreaterThanOrEqual(0);
        if (plan >= 0) expect(conversation).toBeLessThan(plan);
        run.steps.forEach((step, index) => {
          const conversationsSoFar = run.steps
            .slice(0, index)
            .some((earlier) => E.isRight(earlier.result) && earlier.result.right.some((event) => event.type === "ConversationHeld"));
          if (conversationsSoFar) return;
          const result = decideCase(probe(step.before, { type: "AgreePlan", goals }), step.before, policy);
          expect(failure(result)).toMatchObject({ code: "INVALID_TRANSITION", command: "AgreePlan" });
        });
      }),
      { numRuns: RUNS },
    );
  });

  it("a connection needs an agreed plan and names one of its goals", () => {
    let probedPlans = 0;
    fc.assert(
      fc.property(history(), fc.nat(), ([policy, commands], goalPick) => {
        const run = runCase(commands, { policy });
        // In the stream: each connection names a goal of the plan in force when it was made.
        let plan = new Set<string>();
        for (const event of run.events) {
          if (event.type === "PlanAgreed" || event.type === "PlanRevised")
            plan = new Set(notErased(event.data.goals).map((goal) => goal.goalId));
          if (event.type === "ConnectionMade") expect(plan.has(event.data.goalId)).toBe(true);
        }
        for (const state of statesOf(run)) {
          const connection = {
            type: "MakeConnection",
            connectionId: "conn-probe",
            providerId: "prov_p1",
            activity: "arts_culture",
            mode: "signposted",
          };
          const unplanned = decideCase(probe(state, { ...connection, goalId: "goal-unplanned" }), state, policy);
          expect(E.isLeft(unplanned)).toBe(true);
          const open = state.stage === "plan_agreed" && withinEpisode(state, policy, instantAt(lastAt(state)));
          if (state.stage !== "plan_agreed") expect(failure(unplanned)).toMatchObject({ code: "INVALID_TRANSITION" });
          if (!open) continue;
          expect(failure(unplanned)).toMatchObject({ code: "UNKNOWN_REFERENCE", field: "goalId", reference: "goal-unplanned" });
          probedPlans += 1;
          const goalIds = [...state.goals.keys()];
          const planned = decideCase(probe(state, { ...connection, goalId: goalIds[goalPick % goalIds.length] }), state, policy);
          expect(E.isRight(planned)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
    expect(probedPlans).toBeGreaterThan(RUNS);
  });

  it("an outcome names an existing connection", () => {
    let probedConnections = 0;
    fc.assert(
      fc.property(history(), ([policy, commands]) => {
        const run = runCase(commands, { policy });
        const made = new Set<string>();
        for (const event of run.events) {
          if (event.type === "ConnectionMade") made.add(event.data.connectionId);
          if (event.type === "ConnectionOutcomeRecorded") expect(made.has(event.data.connectionId)).toBe(true);
        }
        for (const state of statesOf(run).filter((s) => s.stage === "plan_agreed")) {
          const unknown = decideCase(
            probe(state, { type: "RecordConnectionOutcome", connectionId: "conn-unknown", outcome: "attended" }),
            state,
            policy,
          );
          expect(failure(unknown)).toMatchObject({ code: "UNKNOWN_REFERENCE", field: "connectionId", reference: "conn-unknown" });
          for (const connectionId of state.connections.keys()) {
            const known = decideCase(probe(state, { type: "RecordConnectionOutcome", connectionId, outcome: "completed" }), state, policy);
            expect(E.isRight(known)).toBe(true);
            probedConnections += 1;
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(probedConnections).toBeGreaterThan(RUNS);
  });

  it("a follow-up completion needs a scheduled, uncompleted follow-up", () => {
    const probed = { completed: 0, open: 0 };
    fc.assert(
      fc.property(history(), ([policy, commands]) => {
        const run = runCase(commands, { policy });
        const scheduled = new Set<string>();
        const completed = new Set<string>();
        for (const event of run.events) {
          if (event.type === "FollowUpScheduled") scheduled.add(event.data.followUpId);
          if (event.type === "FollowUpCompleted") {
            expect(scheduled.has(event.data.followUpId)).toBe(true);
            expect(completed.has(event.data.followUpId)).toBe(false);
            completed.add(event.data.followUpId);
          }
        }
        for (const state of statesOf(run)) {
          const at = instantAt(lastAt(state));
          const canMeet =
            (state.stage === "in_conversation" || state.stage === "plan_agreed") &&
            withinEpisode(state, policy, at) &&
            state.contacts < policy.maxContacts;
          const complete = (followUpId: string) =>
            decideCase(probe(state, { type: "CompleteFollowUp", followUpId, mode: "phone" }), state, policy);
          const unknown = complete("fu-never-scheduled");
          expect(E.isLeft(unknown)).toBe(true);
          if (!canMeet) continue;
          expect(failure(unknown)).toMatchObject({ code: "UNKNOWN_REFERENCE", field: "followUpId" });
          for (const [followUpId, followUp] of state.followUps) {
            const result = complete(followUpId);
            if (followUp.completed) {
              expect(failure(result)).toMatchObject({ code: "VALIDATION_FAILED", issues: [{ path: "followUpId" }] });
              probed.completed += 1;
            } else {
              expect(E.isRight(result)).toBe(true);
              probed.open += 1;
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(probed.completed).toBeGreaterThan(0);
    expect(probed.open).toBeGreaterThan(0);
  });

  it("contacts stay within the policy maximum", () => {
    const smallMaximum = arbitrarySchemePolicy().chain((policy) =>
      fc.integer({ min: 1, max: 3 }).map((maxContacts) => ({ ...policy, maxContacts })),
    );
    let reachedMaximum = 0;
    fc.assert(
      fc.property(history(smallMaximum), ([policy, commands]) => {
        const run = runCase(commands, { policy });
        const sessions = run.events.filter((event) => event.type === "ConversationHeld" || event.type === "FollowUpCompleted");
        expect(sessions.length).toBeLessThanOrEqual(policy.maxContacts);
        for (const state of statesOf(run)) {
          expect(state.contacts).toBeLessThanOrEqual(policy.maxContacts);
          if (state.contacts < policy.maxContacts || !engaged(state) || !withinEpisode(state, policy, instantAt(lastAt(state)))) continue;
          reachedMaximum += 1;
          const result = decideCase(probe(state, { type: "HoldConversation", mode: "phone", minutes: 30 }), state, policy);
          expect(failure(result)).toMatchObject({ code: "POLICY_VIOLATION", rule: "maxContactsReached" });
        }
      }),
      { numRuns: RUNS },
    );
    expect(reachedMaximum).toBeGreaterThan(0);
  });

  it("occurredAt never goes backwards (TIME_WENT_BACKWARDS)", () => {
    fc.assert(
      fc.property(
        arbitrarySchemePolicy().chain((policy) =>
          fc.tuple(fc.constant(policy), arbitraryCaseLife({ policy }), arbitraryCaseCommandSequence({ policy })),
        ),
        fc.integer({ min: 1, max: 30 * 24 * 60 }),
        ([policy, life, mixed], minutesEarlier) => {
          const stream = runCase(mixed, { policy }).events.map((event) => Date.parse(event.metadata.occurredAt));
          expect(stream).toEqual([...stream].sort((a, b) => a - b));
          // Each next command of a valid life, moved before the case's latest event, is refused for that alone.
          const run = runCase(life, { policy });
          run.steps.slice(1).forEach((step) => {
            const early = instantAt(lastAt(step.before) - minutesEarlier * MINUTE_MS);
            const result = decideCase({ ...(step.command as object), occurredAt: early }, step.before, policy);
            expect(failure(result)).toEqual({
              code: "TIME_WENT_BACKWARDS",
              message: expect.any(String),
              occurredAt: early,
              lastOccurredAt: step.before.lastOccurredAt,
            });
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("measure answers stay in range (out of range is VALIDATION_FAILED naming items[i])", () => {
    let probedAssessments = 0;
    const badAnswer = fc.oneof(
      fc.integer({ min: 1, max: 50 }).map((by) => ({ below: by })),
      fc.integer({ min: 1, max: 50 }).map((by) => ({ above: by })),
      fc.constant({ half: true }),
    );
    fc.assert(
      fc.property(
        history(),
        arbitraryInstrumentAnswers(),
        fc.nat(),
        badAnswer,
        ([policy, commands], { instrument, answers }, itemPick, bad) => {
          const run = runCase(commands, { policy });
          for (const event of run.events) {
            if (event.type !== "WellbeingAssessed") continue;
            const ranges = standardInstruments.get(event.data.instrument)?.items ?? [];
            const items = notErased(event.data.items);
            expect(items.length).toBe(ranges.length);
            items.forEach((answer, index) => {
              expect(Number.isInteger(answer)).toBe(true);
              expect(answer).toBeGreaterThanOrEqual(ranges[index]?.min ?? Number.NaN);
              expect(answer).toBeLessThanOrEqual(ranges[index]?.max ?? Number.NaN);
            });
          }
          const index = itemPick % answers.length;
          const range = instrument.items[index] ?? { min: 0, max: 0 };
          const wrong = [...answers];
          wrong[index] = "below" in bad ? range.min - bad.below : "above" in bad ? range.max + bad.above : range.min + 0.5;
          for (const state of statesOf(run).filter(engaged)) {
            const assessment = { type: "AssessWellbeing", instrument: instrument.id, timepoint: "review" };
            const result = decideCase(probe(state, { ...assessment, items: wrong }), state, policy);
            const error = failure(result);
            expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
            expect(error?.code === "VALIDATION_FAILED" && error.issues.map((issue) => issue.path)).toEqual([`items[${index}]`]);
            expect(E.isRight(decideCase(probe(state, { ...assessment, items: answers }), state, policy))).toBe(true);
            probedAssessments += 1;
          }
        },
      ),
      { numRuns: RUNS },
    );
    expect(probedAssessments).toBeGreaterThan(RUNS);
  });

  it("the referral source is one the policy accepts", () => {
    fc.assert(
      fc.property(arbitrarySchemePolicy(), referral(), fc.constantFrom(...ReferralSource.options), (policy, command, source) => {
        const result = decideCase({ ...command, source }, initialCaseState, policy);
        if (policy.acceptedSources.includes(source)) {
          expect(E.isRight(result) && result.right[0]?.data).toMatchObject({ source });
        } else {
          expect(failure(result)).toMatchObject({
            code: "POLICY_VIOLATION",
            rule: "referralSourceNotAccepted",
            command: "ReceiveReferral",
          });
        }
      }),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(history(), ([policy, commands]) => {
        for (const event of runCase(commands, { policy }).events) {
          if (event.type === "ReferralReceived") expect(policy.acceptedSources).toContain(event.data.source);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("arbitrary input to decideCase returns Left and never throws", () => {
    fc.assert(
      fc.property(history(), fc.nat(), fc.anything(), ([policy, commands], cut, input) => {
        const state = runCase(commands.slice(0, cut % (commands.length + 1)), { policy }).state;
        let result: E.Either<DomainError, CaseEvent[]> | undefined;
        expect(() => {
          result = decideCase(input, state, policy);
        }).not.toThrow();
        // arrayContaining([]) matched any array: require at least one issue that names where the input went wrong.
        const refused = result && failure(result);
        expect(refused).toMatchObject({ code: "VALIDATION_FAILED" });
        expect(refused && "issues" in refused ? refused.issues.length : 0).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("a well-formed command with one field spoiled is VALIDATION_FAILED naming that field", () => {
    // Values no field accepts: every field is required or optional (undefined), none is nullable or a free object.
    const spoiled = fc.oneof(
      fc.constant(null),
      fc.record({ junk: fc.anything() }),
      fc.array(fc.record({ junk: fc.boolean() }), { minLength: 1 }),
    );
    fc.assert(
      fc.property(arbitraryCaseCommand(), fc.nat(), spoiled, (command, fieldPick, value) => {
        const fields = Object.keys(command);
        const field = fields[fieldPick % fields.length] as string;
        const result = decideCase({ ...command, [field]: value }, initialCaseState);
        const error = failure(result);
        expect(error?.code).toBe("VALIDATION_FAILED");
        expect(
          error?.code === "VALIDATION_FAILED" &&
            error.issues.some((issue) => issue.path === field || issue.path.startsWith(`${field}.`) || issue.path.startsWith(`${field}[`)),
        ).toBe(true);
        expect(knownCodes).toContain(error?.code);
      }),
      { numRuns: RUNS },
    );
  });
});
