import { DAY_MS } from "@linkwork/core";
import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evolveCase,
  finalStages,
  initialCaseState,
  linkwork,
  parseEvent,
  streamCategory,
  streamEntityId,
  type CaseEvent,
  type CaseState,
} from "@linkwork/core";
import { gpRecordEntriesOf, gpRecordEntryKind } from "@linkwork/core/gp-record";
import { memoryEventStore } from "@linkwork/store-memory";
import { simulate, simulationPolicy, simulationSettings, type SimulationSettingsInput } from "../src/index.js";
import { byStream, readAllEvents } from "./recorded-history.js";

/** Small runs under any scheme and any policy limits, so every rule of the decider gets a turn at binding. */
const arbitrarySmallSettings: fc.Arbitrary<SimulationSettingsInput> = fc
  .record({
    seed: fc.integer(),
    scheme: fc.constantFrom("open" as const, "gp-only" as const),
    months: fc.integer({ min: 1, max: 3 }),
    // Month ends, a leap day and the earliest start a 2-month usage window allows (simulation-settings.ts).
    startDate: fc.constantFrom("2024-02-01", "2025-01-01", "2025-08-15", "2024-01-31", "2024-02-29", "2023-12-31", "1948-10-01"),
    maxContacts: fc.integer({ min: 1, max: 15 }),
    episodeLengthDays: fc.integer({ min: 10, max: 200 }),
    contactAttemptsBeforeUnreachable: fc.integer({ min: 1, max: 5 }),
    contacts: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 6 })),
    places: fc.integer({ min: 0, max: 5 }),
    leave: fc.double({ min: 0, max: 0.5, noNaN: true }),
  })
  .map((drawn) => ({
    seed: drawn.seed,
    scheme: drawn.scheme,
    pcns: 1,
    months: drawn.months,
    startDate: drawn.startDate,
    policy: {
      maxContacts: drawn.maxContacts,
      episodeLengthDays: drawn.episodeLengthDays,
      contactAttemptsBeforeUnreachable: drawn.contactAttemptsBeforeUnreachable,
    },
    network: { registeredPatients: { min: 8_000, max: 20_000 } },
    linkWorkers: { leaveProbabilityPerMonth: drawn.leave },
    journeys: { contactsPerCase: { min: drawn.contacts[0], max: drawn.contacts[0] + drawn.contacts[1] } },
    providers: { placesPerMonth: { min: 0, max: drawn.places } },
    usage: { windowMonths: 2 },
  }));

describe("simulated histories", () => {
  it("are accepted command by command, replay through evolveCase to the handler's state, and keep the case invariants", async () => {
    await fc.assert(
      fc.asyncProperty(arbitrarySmallSettings, async (input) => {
        const settings = simulationSettings(input);
        if (E.isLeft(settings)) throw new Error(settings.left.message);
        const policy = simulationPolicy(settings.right);
        if (E.isLeft(policy)) throw new Error(policy.left.message);
        const store = memoryEventStore();
        const result = await simulate(input, { store });
        if (E.isLeft(result)) throw new Error(result.left.message);
        const endsAt = Date.parse(`${result.right.endDate}T00:00:00Z`);
        const { maxContacts, episodeLengthDays, contactAttemptsBeforeUnreachable } = policy.right;
        const handler = linkwork(store, { policy: policy.right });
        const problems: string[] = [];

        for (const [streamId, recorded] of byStream(await readAllEvents(store))) {
          let previous = "";
          for (const { event } of recorded) {
            if (E.isLeft(parseEvent(JSON.parse(JSON.stringify(event))))) problems.push(`${streamId}: ${event.type} fails its schema`);
            if (event.metadata.occurredAt < previous) problems.push(`${streamId}: time runs backwards at ${event.type}`);
            previous = event.metadata.occurredAt;
          }
          if (streamCategory(streamId) !== "case") continue;

          let state: CaseState = initialCaseState;
          const entryTimes: number[] = [];
          for (const [index, { event }] of recorded.entries()) {
            const caseEvent = event as CaseEvent;
            if ((index === 0) !== (caseEvent.type === "ReferralReceived"))
              problems.push(`${streamId}: ReferralReceived is not first and only first`);
            // Only the GP record sync's acknowledgements follow an ended case (its closure's entry is sent after it).
            if (finalStages.includes(state.stage) && caseEvent.type !== "GpRecordEntriesSent")
              problems.push(`${streamId}: ${caseEvent.type} follows the case's end`);
            if (gpRecordEntryKind(caseEvent) !== null) entryTimes.push(Date.parse(caseEvent.metadata.occurredAt));
            if (caseEvent.type === "ConnectionMade" && !state.goals.has(caseEvent.data.goalId))
              problems.push(`${streamId}: a connection names no plan goal`);
            if (caseEvent.type === "ConnectionOutcomeRecorded" && !state.connections.has(caseEvent.data.connectionId))
              problems.push(`${streamId}: an outcome names no connection`);
            state = evolveCase(state, caseEvent);
            if (state.contacts > maxContacts) problems.push(`${streamId}: ${state.contacts} contacts exceed ${maxContacts}`);
            if (state.unansweredAttempts > contactAttemptsBeforeUnreachable) problems.push(`${streamId}: too many unanswered attempts`);
          }
          // The weekly GP record sync has acknowledged every entry caused more than a week before the end.
          [...gpRecordEntriesOf(state).values()].forEach((sent, index) => {
            if (!sent && entryTimes[index]! + 8 * DAY_MS < endsAt) problems.push(`${streamId}: a GP record entry was never acknowledged`);
          });
          // Open at the end only while the episode has not run out.
          if (!finalStages.includes(state.stage) && Date.parse(state.referredAt ?? "") + episodeLengthDays * DAY_MS < endsAt) {
            problems.push(`${streamId}: still ${state.stage} after its episode ended`);
          }
          const loaded = await handler.loadCase(streamEntityId(streamId));
          if (E.isLeft(loaded)) throw new Error(loaded.left.message);
          if (JSON.stringify(summaryOf(loaded.right.state)) !== JSON.stringify(summaryOf(state)))
            problems.push(`${streamId}: replay differs from the handler's state`);
        }
        expect(problems).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});

function summaryOf(state: CaseState) {
  return {
    stage: state.stage,
    linkWorkerId: state.linkWorkerId,
    contacts: state.contacts,
    lastOccurredAt: state.lastOccurredAt,
    goals: [...state.goals.entries()],
    connections: [...state.connections.entries()],
    followUps: [...state.followUps.entries()],
    feedbackSent: state.feedbackSent,
  };
}
