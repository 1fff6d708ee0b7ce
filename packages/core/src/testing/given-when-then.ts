import * as E from "fp-ts/lib/Either.js";
import { expect } from "vitest";
import { decideCase } from "../case/decide.js";
import { openSchemePolicy } from "../case/policy.js";
import type { CaseState } from "../case/state.js";
import type { DomainError, DomainErrorCode } from "../errors.js";
import type { CaseEvent, CaseEventType } from "../case/events.js";
import type { EventOf } from "../events/catalogue.js";
import { standardInstruments } from "../instruments/standard-instruments.js";
import { foldCase, runCase, type CaseDecisionOptions } from "./case-run.js";

/**
 * Decider tests in the given / when / then style (as in Emmett): given a case's events, when a
 * command arrives, then these events follow, or the command fails for this reason. Built on
 * decideCase and evolveCase only, asserting with vitest's `expect`.
 *
 *     givenCaseCommands([referral, accept]).when(conversation).thenEvents([{ type: "ConversationHeld", data }]);
 *     givenCase(events, { policy: gpOnlySchemePolicy }).when(selfReferral).thenFails("INVALID_TRANSITION");
 */

/** An event without its envelope: what a command decided, independent of ids and times. */
export type EventFact = { readonly [T in CaseEventType]: { readonly type: T; readonly data: EventOf<T>["data"] } }[CaseEventType];

/** Some of a value's fields, at any depth: what `toMatchObject` compares. */
export type Subset<T> = T extends readonly (infer Item)[]
  ? readonly Subset<Item>[]
  : T extends object
    ? { readonly [K in keyof T]?: Subset<T[K]> }
    : T;

/** How a refusal is expected: its code, fields it must have (matched as with `toMatchObject`), or a predicate. */
export type FailureExpectation = DomainErrorCode | Subset<DomainError> | ((error: DomainError) => boolean);

export interface CaseWhen {
  /** The decision itself, for assertions the helpers below do not cover. */
  readonly result: E.Either<DomainError, CaseEvent[]>;
  /** Expects exactly these events, envelopes included; returns them. */
  then(expected: readonly CaseEvent[]): CaseEvent[];
  /** Expects events with exactly these types and data, ignoring schema versions and metadata; returns them. */
  thenEvents(expected: readonly EventFact[]): CaseEvent[];
  /** Expects a refusal, optionally of a kind; returns the error. */
  thenFails(expected?: FailureExpectation): DomainError;
  /** Expects acceptance and returns the case's state after the new events. */
  thenState(): CaseState;
}

export interface CaseGiven {
  readonly events: readonly CaseEvent[];
  readonly state: CaseState;
  when(command: unknown): CaseWhen;
}

const describeCommand = (command: unknown): string =>
  typeof command === "object" && command !== null && "type" in command ? String(command.type) : "the command";

/** A case whose history is `events` (none: a case not yet referred). */
export function givenCase(events: readonly CaseEvent[] = [], options: CaseDecisionOptions = {}): CaseGiven {
  const state = foldCase(events);
  const policy = options.policy ?? openSchemePolicy;
  const instruments = options.instruments ?? standardInstruments;
  return {
    events,
    state,
    when(command) {
      const result = decideCase(command, state, policy, instruments);
      const name = describeCommand(command);
      const accepted = (): CaseEvent[] => {
        if (E.isLeft(result))
          return expect.unreachable(`expected ${name} to be accepted, but it was refused: ${JSON.stringify(result.left)}`);
        return result.right;
      };
      return {
        result,
        then(expected) {
          const events = accepted();
          expect(events, `events decided for ${name}`).toEqual(expected);
          return events;
        },
        thenEvents(expected) {
          const events = accepted();
          expect(
            events.map((event) => ({ type: event.type, data: event.data })),
            `events decided for ${name}`,
          ).toEqual(expected);
          return events;
        },
        thenFails(expected) {
          if (E.isRight(result)) {
            return expect.unreachable(
              `expected ${name} to be refused, but it was accepted with ${result.right.map((event) => event.type).join(", ")}`,
            );
          }
          const error = result.left;
          if (typeof expected === "string") expect(error, `refusal of ${name}`).toMatchObject({ code: expected });
          else if (typeof expected === "function")
            expect(expected(error), `refusal of ${name} did not match: ${JSON.stringify(error)}`).toBe(true);
          else if (expected !== undefined) expect(error, `refusal of ${name}`).toMatchObject(expected);
          return error;
        },
        thenState() {
          return foldCase(accepted(), state);
        },
      };
    },
  };
}

/** A case built by deciding `commands` in order; the test fails if any of them is refused. */
export function givenCaseCommands(commands: readonly unknown[], options: CaseDecisionOptions = {}): CaseGiven {
  const run = runCase(commands, options);
  run.steps.forEach((step, index) => {
    if (E.isLeft(step.result)) {
      expect.unreachable(`given command #${index} (${describeCommand(step.command)}) was refused: ${JSON.stringify(step.result.left)}`);
    }
  });
  return givenCase(run.events, options);
}
