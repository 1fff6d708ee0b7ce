import * as E from "fp-ts/lib/Either.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  caseDecider,
  eventCatalogue,
  eventTypes,
  linkwork,
  parseEvent,
  personUsageDecider,
  referenceDataDecider,
  type CaseEventType,
  type Decider,
  type DomainError,
  type LinkworkEvent,
  type PolicyRule,
} from "@linkwork/core";
import {
  arbitraryCaseCommand,
  arbitraryCaseCommandSequence,
  arbitraryCaseLife,
  arbitraryEvent,
  arbitraryHistory,
  arbitraryLinkworkEvent,
  arbitrarySchemePolicy,
  runCase,
  type History,
} from "@linkwork/core/testing";
import { providerDecider } from "@linkwork/core/provider";
import { memoryEventStore } from "@linkwork/store-memory";

// The arbitraries are only as good as their promises: valid events, accepted lives, accepted histories.

/** True when every object inside is a plain object or array, as parsed JSON is. */
function plainThroughout(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return true;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== Array.prototype) return false;
  return Object.values(value).every(plainThroughout);
}

describe("event arbitraries", () => {
  it.each(eventTypes)("arbitraryEvent(%s) passes its schema at the current version, through JSON", (type) => {
    fc.assert(
      fc.property(arbitraryEvent(type), (event) => {
        const read = parseEvent(JSON.parse(JSON.stringify(event)));
        expect(read).toEqual(E.right(event));
      }),
      { numRuns: 40 },
    );
  });

  it("arbitraryLinkworkEvent generates every event type", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(arbitraryLinkworkEvent(), (event) => {
        seen.add(event.type);
        expect(E.isRight(parseEvent(event))).toBe(true);
        expect(plainThroughout(event)).toBe(true);
      }),
      { numRuns: 400 },
    );
    expect([...seen].sort()).toEqual([...eventTypes].sort());
  });
});

describe("case command arbitraries", () => {
  it("arbitraryCaseCommand is always well formed", () => {
    fc.assert(
      fc.property(arbitraryCaseCommand(), (command) => {
        expect(caseDecider().parse(command)).toMatchObject({ _tag: "Right" });
        expect(plainThroughout(command)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("every command of arbitraryCaseLife is accepted in order, under any scheme policy", () => {
    const reached = new Set<CaseEventType>();
    fc.assert(
      fc.property(
        arbitrarySchemePolicy().chain((policy) => fc.tuple(fc.constant(policy), arbitraryCaseLife({ policy }))),
        ([policy, life]) => {
          const run = runCase(life, { policy });
          const refused = run.steps.findIndex((step) => E.isLeft(step.result));
          expect(refused === -1 ? null : { at: refused, step: run.steps[refused] }).toBeNull();
          expect(life[0]?.type).toBe("ReceiveReferral");
          expect(plainThroughout(life)).toBe(true);
          for (const event of run.events) reached.add(event.type);
        },
      ),
      { numRuns: 300 },
    );
    // Lives must reach every kind of fact, or the properties built on them test less than they claim.
    const caseTypes = eventTypes.filter((type) => eventCatalogue[type].category === "case");
    expect([...reached].sort()).toEqual([...caseTypes].sort());
  });

  it("arbitraryCaseCommandSequence reaches every refusal the case decider can give, every scheme rule included", () => {
    // The model-based tests over these sequences check what holds whatever is refused; a refusal the
    // sequences never provoke is a rule those tests never exercise.
    const refusals = new Set<string>();
    fc.assert(
      fc.property(
        arbitrarySchemePolicy().chain((policy) => fc.tuple(fc.constant(policy), arbitraryCaseCommandSequence({ policy, maxNoise: 8 }))),
        ([policy, commands]) => {
          for (const step of runCase(commands, { policy }).steps) {
            if (E.isRight(step.result)) continue;
            const error = step.result.left;
            refusals.add(error.code === "POLICY_VIOLATION" ? `${error.code}:${error.rule}` : error.code);
          }
        },
      ),
      // The rarest (referralSourceNotAccepted, contactAttemptsExhausted) come about once in 100-200 sequences.
      { numRuns: 2000 },
    );
    const rules: readonly PolicyRule[] = [
      "referralSourceNotAccepted",
      "maxContactsReached",
      "contactAttemptsExhausted",
      "episodeLengthExceeded",
      "noConsentToShareOutcome",
      "noConsentToContact",
    ];
    expect([...refusals].sort()).toEqual(
      [
        "INVALID_TRANSITION",
        "TIME_WENT_BACKWARDS",
        "UNKNOWN_REFERENCE",
        "VALIDATION_FAILED",
        ...rules.map((rule) => `POLICY_VIOLATION:${rule}`),
      ].sort(),
    );
  });
});

/** One decider's part of a history: the commands it parses, decided on its own streams' states. */
type Step = (command: unknown) => { readonly streamId: string; readonly decision: E.Either<DomainError, readonly LinkworkEvent[]> } | null;

function stepWith<Command extends { readonly commandId: string; readonly occurredAt: string }, State, Event extends LinkworkEvent>(
  decider: Decider<Command, State, Event>,
): Step {
  const states = new Map<string, State>();
  return (command) => {
    const parsed = decider.parse(command);
    if (E.isLeft(parsed)) return null;
    const streamId = decider.streamId(parsed.right);
    const state = states.get(streamId) ?? decider.initialState;
    const decision = decider.decide(parsed.right, state);
    if (E.isRight(decision)) states.set(streamId, decision.right.reduce(decider.evolve, state));
    return { streamId, decision };
  };
}

/** Handles a history with the deciders alone, stream by stream, as the command handler would. */
function decideHistory(history: History) {
  const steps = [
    stepWith(caseDecider(history.policy)),
    stepWith(personUsageDecider),
    stepWith(referenceDataDecider),
    stepWith(providerDecider),
  ];
  const streams = new Map<string, { events: LinkworkEvent[] }>();
  const refusals: { index: number; type: string; error: unknown }[] = [];
  history.commands.forEach((command, index) => {
    const step = steps.reduce<ReturnType<Step>>((found, next) => found ?? next(command), null);
    if (step === null) {
      refusals.push({ index, type: command.type, error: "no decider parses it" });
      return;
    }
    const { streamId, decision } = step;
    if (E.isLeft(decision)) {
      refusals.push({ index, type: command.type, error: decision.left });
      return;
    }
    streams.set(streamId, { events: [...(streams.get(streamId)?.events ?? []), ...decision.right] });
  });
  return { streams, refusals };
}

describe("arbitraryHistory", () => {
  it("every command is accepted in order, and each stream's time runs forwards", () => {
    fc.assert(
      fc.property(arbitraryHistory({ cases: { min: 1, max: 6 } }), (history) => {
        const { streams, refusals } = decideHistory(history);
        expect(refusals).toEqual([]);
        expect(plainThroughout(history.commands)).toBe(true);
        for (const caseId of history.caseIds) expect(streams.has(`case-${caseId}`)).toBe(true);
        for (const { events } of streams.values()) {
          const times = events.map((event) => Date.parse(event.metadata.occurredAt));
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
      }),
      { numRuns: 60 },
    );
  });

  it("every command is accepted by linkwork(store).handle in order, each writing new events", async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryHistory({ cases: { min: 1, max: 5 } }), async (history) => {
        // A clock after every date the arbitraries draw (up to 2030).
        const app = linkwork(memoryEventStore(), { policy: history.policy, clock: () => Date.parse("2031-01-01T00:00:00Z") });
        for (const [index, command] of history.commands.entries()) {
          const handled = await app.handle(command);
          expect(E.isLeft(handled) ? { index, command, error: handled.left } : handled.right.duplicate).toBe(false);
        }
        for (const caseId of history.caseIds) {
          const loaded = await app.loadCase(caseId);
          expect(E.isRight(loaded) && loaded.right.state.stage).not.toBe("none");
        }
      }),
      { numRuns: 40 },
    );
  });

  it("respects the scheme policy it is given", () => {
    fc.assert(
      fc.property(
        arbitrarySchemePolicy().chain((policy) =>
          arbitraryHistory({ policy, cases: { min: 2, max: 4 }, comparisonPeople: { min: 1, max: 2 } }),
        ),
        (history) => {
          expect(decideHistory(history).refusals).toEqual([]);
          expect(history.comparisonPersonIds.length).toBeGreaterThanOrEqual(1);
        },
      ),
      { numRuns: 40 },
    );
  });
});
