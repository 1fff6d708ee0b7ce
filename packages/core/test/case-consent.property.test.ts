import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ConsentPurpose,
  decideCase,
  initialCaseState,
  type CaseEvent,
  type CaseState,
  type Consent,
  type SchemePolicy,
} from "@linkwork/core";
import {
  arbitraryCaseCommandSequence,
  arbitraryCaseLife,
  arbitrarySchemePolicy,
  instantAt,
  MINUTE_MS,
  runCase,
  type CaseRun,
} from "@linkwork/core/testing";

// Consent is recorded and withdrawn by events, and what the handler does follows the consent in
// force at the moment it decides: properties over generated case lives with arbitrary commands
// (consent changes among them) mixed in.

const RUNS = 300;
const PROBE_ID = "0196a000-0000-7000-8000-00000000c0de";

const history = (policy: fc.Arbitrary<SchemePolicy> = arbitrarySchemePolicy()) =>
  policy.chain((chosen) => fc.tuple(fc.constant(chosen), arbitraryCaseCommandSequence({ policy: chosen })));

/** The consent in force, read off the stream alone: the referral's, then each change in order. */
function consentInForce(events: readonly CaseEvent[]): Consent | null {
  let consent: Consent | null = null;
  for (const event of events) {
    if (event.type === "ReferralReceived") consent = { ...event.data.consent };
    if ((event.type === "ConsentGiven" || event.type === "ConsentWithdrawn") && consent !== null) {
      consent = { ...consent, [event.data.purpose]: event.type === "ConsentGiven" };
    }
  }
  return consent;
}

const engaged = (state: CaseState) => state.stage === "accepted" || state.stage === "in_conversation" || state.stage === "plan_agreed";

/** A command on the case `minutes` after its latest event. */
const probe = (state: CaseState, body: Record<string, unknown>, minutes = 1) => ({
  caseId: state.caseId ?? "case_probe1",
  commandId: PROBE_ID,
  occurredAt: instantAt(Date.parse(state.lastOccurredAt ?? "2024-01-01T09:00:00Z") + minutes * MINUTE_MS),
  recordedBy: "lw_w1",
  ...body,
});

const eventsOf = (run: CaseRun, upTo: number): CaseEvent[] =>
  run.steps.slice(0, upTo + 1).flatMap((step) => (E.isRight(step.result) ? step.result.right : []));

describe("consent by events", () => {
  it("the case state's consent is the referral's, changed by every ConsentGiven and ConsentWithdrawn since", () => {
    let changes = 0;
    fc.assert(
      fc.property(history(), ([policy, commands]) => {
        const run = runCase(commands, { policy });
        run.steps.forEach((step, index) => {
          expect(step.after.consent).toEqual(consentInForce(eventsOf(run, index)));
          if (E.isRight(step.result)) changes += step.result.right.filter((event) => event.type.startsWith("Consent")).length;
        });
      }),
      { numRuns: RUNS },
    );
    expect(changes).toBeGreaterThan(0);
  });

  it("no feedback goes to the referrer unless consent to share the outcome is in force when it is decided", () => {
    let feedbackSeen = 0;
    fc.assert(
      fc.property(history(), ([policy, commands]) => {
        for (const step of runCase(commands, { policy }).steps) {
          if (E.isLeft(step.result)) continue;
          const feedback = step.result.right.filter((event) => event.type === "FeedbackSentToReferrer").length;
          feedbackSeen += feedback;
          if (feedback > 0) expect(step.before.consent?.shareOutcomeWithReferrer).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
    expect(feedbackSeen).toBeGreaterThan(0);
  });

  it("no contact attempt is accepted without consent to contact; with it withdrawn, one is a POLICY_VIOLATION naming the rule", () => {
    let refused = 0;
    fc.assert(
      fc.property(history(), fc.boolean(), ([policy, commands], reached) => {
        const run = runCase(commands, { policy });
        for (const step of run.steps) {
          if (E.isRight(step.result) && step.result.right.some((event) => event.type === "ContactAttempted")) {
            expect(step.before.consent?.contact).toBe(true);
          }
        }
        // Withdraw consent to contact from an engaged case, then try to reach the person.
        if (!engaged(run.state)) return;
        const withdrawn =
          run.state.consent?.contact === true
            ? runCase([probe(run.state, { type: "WithdrawConsent", purpose: "contact" })], { policy }, run.state).state
            : run.state;
        expect(withdrawn.consent?.contact).toBe(false);
        const attempt = decideCase(
          {
            ...probe(withdrawn, { type: "RecordContactAttempt", channel: "phone", reached }, 0),
            commandId: "0196a000-0000-7000-8000-00000000c0df",
          },
          withdrawn,
          policy,
        );
        // Past the episode, the episode rule speaks first; inside it, consent does.
        if (E.isLeft(attempt) && attempt.left.code === "POLICY_VIOLATION" && attempt.left.rule === "episodeLengthExceeded") return;
        expect(attempt).toMatchObject(E.left({ code: "POLICY_VIOLATION", rule: "noConsentToContact", command: "RecordContactAttempt" }));
        refused += 1;
      }),
      { numRuns: RUNS },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it("giving and withdrawing are accepted in any stage after the referral, each once: a repeat names the purpose", () => {
    fc.assert(
      fc.property(
        arbitrarySchemePolicy().chain((policy) => fc.tuple(fc.constant(policy), arbitraryCaseLife({ policy }))),
        fc.constantFrom(...ConsentPurpose.options),
        ([policy, life], purpose) => {
          const state = runCase(life, { policy }).state;
          const held = state.consent?.[purpose] === true;
          const change = runCase([probe(state, { type: held ? "WithdrawConsent" : "GiveConsent", purpose })], { policy }, state);
          expect(change.steps[0]?.result).toMatchObject(E.right([{ type: held ? "ConsentWithdrawn" : "ConsentGiven", data: { purpose } }]));
          expect(change.state.consent?.[purpose]).toBe(!held);
          expect(change.state.stage).toBe(state.stage);
          const repeat = decideCase(
            {
              ...probe(change.state, { type: held ? "WithdrawConsent" : "GiveConsent", purpose }),
              commandId: "0196a000-0000-7000-8000-00000000c0e0",
            },
            change.state,
            policy,
          );
          expect(repeat).toMatchObject(E.left({ code: "VALIDATION_FAILED", issues: [{ path: "purpose" }] }));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("before a referral there is no consent to change", () => {
    const refused = decideCase(probe(initialCaseState, { type: "GiveConsent", purpose: "evaluation" }), initialCaseState);
    expect(refused).toMatchObject(E.left({ code: "INVALID_TRANSITION", stage: "none", command: "GiveConsent" }));
  });
});
