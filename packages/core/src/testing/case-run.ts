import * as E from "fp-ts/lib/Either.js";
import { decideCase } from "../case/decide.js";
import { evolveCase } from "../case/evolve.js";
import { openSchemePolicy, type SchemePolicy } from "../case/policy.js";
import { initialCaseState, type CaseState } from "../case/state.js";
import type { DomainError } from "../errors.js";
import type { CaseEvent } from "../case/events.js";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import { standardInstruments } from "../instruments/standard-instruments.js";

/** The scheme a case is decided under; open policy and the standard instruments when absent. */
export interface CaseDecisionOptions {
  readonly policy?: SchemePolicy;
  readonly instruments?: InstrumentRegistry;
}

/** One command of a run: the state it met, what the decider said, and the state after. */
export interface CaseStep {
  readonly command: unknown;
  readonly before: CaseState;
  readonly result: E.Either<DomainError, CaseEvent[]>;
  /** `before` evolved with the events, or `before` itself when the command was refused. */
  readonly after: CaseState;
}

export interface CaseRun {
  readonly steps: readonly CaseStep[];
  /** Every event accepted, in order: the case's stream. */
  readonly events: readonly CaseEvent[];
  readonly state: CaseState;
}

/** Replays a case's events from `from` (the initial state by default). */
export function foldCase(events: readonly CaseEvent[], from: CaseState = initialCaseState): CaseState {
  return events.reduce(evolveCase, from);
}

/**
 * Decides commands one after another on one case, as a command handler would, keeping the events
 * of those accepted. Refused commands are recorded and change nothing.
 */
export function runCase(commands: readonly unknown[], options: CaseDecisionOptions = {}, from: CaseState = initialCaseState): CaseRun {
  const policy = options.policy ?? openSchemePolicy;
  const instruments = options.instruments ?? standardInstruments;
  const steps: CaseStep[] = [];
  const events: CaseEvent[] = [];
  let state = from;
  for (const command of commands) {
    const result = decideCase(command, state, policy, instruments);
    const after = E.isRight(result) ? foldCase(result.right, state) : state;
    if (E.isRight(result)) events.push(...result.right);
    steps.push({ command, before: state, result, after });
    state = after;
  }
  return { steps, events, state };
}
