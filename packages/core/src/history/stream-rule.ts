import type { HistoryProblemCode } from "./history-problem.js";

/** Why an event cannot follow its stream's history: a problem code, the field at fault, and why. */
export interface RuleRefusal {
  readonly code: Extract<HistoryProblemCode, "INVALID_TRANSITION" | "ID_MISMATCH" | "UNKNOWN_REFERENCE" | "INVALID_EVENT">;
  readonly path: string;
  readonly message: string;
}

/**
 * What one category of stream requires of the order of its events, for a history checker: a state
 * of what the rules need to know (the decider's own, or a leaner one proved equal to it on what the
 * rules read), its evolve, and the refusals its lifecycle makes (each concept folder states its rule
 * next to its decider). Time never going backwards is checked for every stream, once.
 */
export interface StreamRule<State, Event> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  /** Why the event cannot follow the state, or null. `entityId` is the id in the stream's name. */
  readonly refusal: (state: State, event: Event, entityId: string) => RuleRefusal | null;
  /** The state as JSON data, for the checker's snapshot (a resumed replay checks on from it). */
  readonly encode: (state: State) => unknown;
  /** A state from `encode`'s data, or null when the data is not one. */
  readonly decode: (data: unknown) => State | null;
}
