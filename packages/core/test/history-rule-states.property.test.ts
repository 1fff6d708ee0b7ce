import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arbitraryCaseLife, arbitraryEvent, arbitrarySchemePolicy, runCase } from "@linkwork/core/testing";
import { caseHistoryRule, caseCheckStateOf, evolveCaseCheck } from "../src/case/history-rules.js";
import { evolveCase } from "../src/case/evolve.js";
import { initialCaseState } from "../src/case/state.js";
import { standardInstruments } from "../src/instruments/standard-instruments.js";
import { evolvePersonUsageCheck, personUsageHistoryRule } from "../src/person-usage/history-rules.js";
import { evolvePersonUsage } from "../src/person-usage/evolve.js";
import { initialPersonUsageState } from "../src/person-usage/state.js";
import { evolveReferenceCheck, referenceHistoryRule } from "../src/reference-data/history-rules.js";
import { evolveReference } from "../src/reference-data/evolve.js";
import { initialReferenceState } from "../src/reference-data/state.js";
import type { PersonUsageEvent } from "../src/person-usage/events.js";
import type { ReferenceEvent } from "../src/reference-data/events.js";
import { evolveProviderCheck, providerHistoryRule } from "../src/provider/history-rules.js";
import { evolveProvider } from "../src/provider/evolve.js";
import { initialProviderState } from "../src/provider/state.js";
import type { ProviderEvent } from "../src/provider/events.js";

/**
 * The history checker keeps a lean state per stream (what its rules read), not the deciders' states:
 * these properties hold each lean evolve to its decider's evolve, event by event, and each lean state
 * to its snapshot encoding.
 */
describe("the history rules' lean states", () => {
  const caseRule = caseHistoryRule(standardInstruments);

  it("follow evolveCase on every case life the decider makes, and the rule accepts each of its events", () => {
    fc.assert(
      fc.property(arbitraryCaseLife(), arbitrarySchemePolicy(), (commands, policy) => {
        const { events } = runCase(commands, { policy });
        let full = initialCaseState;
        let lean = caseRule.initialState;
        const caseId = events[0]?.type === "ReferralReceived" ? events[0].data.caseId : "";
        for (const event of events) {
          expect(caseRule.refusal(lean, event, caseId)).toBeNull();
          full = evolveCase(full, event);
          lean = evolveCaseCheck(lean, event);
          expect(lean).toEqual(caseCheckStateOf(full));
          expect(caseRule.decode(JSON.parse(JSON.stringify(caseRule.encode(lean))))).toEqual(lean);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("follow the person-usage and reference deciders' evolve on any sequence of their events", () => {
    const personEvents = fc.array(
      fc.oneof<fc.Arbitrary<PersonUsageEvent>[]>(arbitraryEvent("HealthcareUsageRecorded"), arbitraryEvent("ComparisonCohortEnrolled")),
      { maxLength: 8 },
    );
    const referenceEvents = fc.array(
      fc.oneof<fc.Arbitrary<ReferenceEvent>[]>(
        arbitraryEvent("PcnListSizeRecorded"),
        arbitraryEvent("LinkWorkerJoined"),
        arbitraryEvent("LinkWorkerFteChanged"),
        arbitraryEvent("LinkWorkerLeft"),
        arbitraryEvent("LocalCodeRegistered"),
        arbitraryEvent("SocialPrescribingStarted"),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(personEvents, referenceEvents, (people, references) => {
        let person = initialPersonUsageState;
        let enrolled = personUsageHistoryRule.initialState;
        for (const event of people) {
          person = evolvePersonUsage(person, event);
          enrolled = evolvePersonUsageCheck(enrolled, event);
          expect(enrolled).toBe(person.comparisonCohort);
          expect(personUsageHistoryRule.decode(personUsageHistoryRule.encode(enrolled))).toBe(enrolled);
        }
        let reference = initialReferenceState;
        let checked = referenceHistoryRule.initialState;
        for (const event of references) {
          reference = evolveReference(reference, event);
          checked = evolveReferenceCheck(checked, event);
          expect(checked).toEqual({ stage: reference.stage, codes: reference.codes });
          expect(referenceHistoryRule.decode(referenceHistoryRule.encode(checked))).toEqual(checked);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("follow the provider decider's evolve on any sequence of its events", () => {
    const providerEvents = fc.array(
      fc.oneof<fc.Arbitrary<ProviderEvent>[]>(
        arbitraryEvent("ProviderRegistered"),
        arbitraryEvent("ProviderCapacityDeclared"),
        arbitraryEvent("FundingAwarded"),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(providerEvents, (events) => {
        let full = initialProviderState;
        let lean = providerHistoryRule.initialState;
        for (const event of events) {
          full = evolveProvider(full, event);
          lean = evolveProviderCheck(lean, event);
          expect(lean).toEqual({ listed: full.stage === "listed", fundingIds: full.fundingIds });
          expect(providerHistoryRule.decode(JSON.parse(JSON.stringify(providerHistoryRule.encode(lean))))).toEqual(lean);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("decode refuses data that is not a state", () => {
    for (const data of [null, 3, "open", ["referred", [], []], ["closed", [], [], []], ["accepted", [1], [], []]]) {
      expect(caseRule.decode(data)).toBeNull();
    }
    expect(personUsageHistoryRule.decode("yes")).toBeNull();
    expect(referenceHistoryRule.decode("retired")).toBeNull();
    expect(providerHistoryRule.decode([true, [1]])).toBeNull();
    expect(caseRule.decode(["plan_agreed", [], ["conn-1"], [], false, [["conn-1", "lost"]]])).toBeNull();
  });
});
