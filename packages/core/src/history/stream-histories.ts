import { caseHistoryRule } from "../case/history-rules.js";
import type { CaseEvent } from "../case/events.js";
import type { CaseState } from "../case/state.js";
import { eventCatalogue, type LinkworkEvent } from "../events/catalogue.js";
import { streamEntityId } from "../events/streams.js";
import type { InstrumentRegistry } from "../instruments/instrument.js";
import { personUsageHistoryRule } from "../person-usage/history-rules.js";
import type { PersonUsageEvent } from "../person-usage/events.js";
import type { PersonUsageState } from "../person-usage/state.js";
import { referenceHistoryRule } from "../reference-data/history-rules.js";
import type { ReferenceEvent } from "../reference-data/events.js";
import type { ReferenceState } from "../reference-data/state.js";
import type { HistoryProblemCode } from "./history-problem.js";
import type { RuleRefusal, StreamRule } from "./stream-rule.js";

/** Why a line's event cannot follow its stream: a rule's refusal, or time going backwards. */
export interface StreamRefusal {
  readonly code: RuleRefusal["code"] | Extract<HistoryProblemCode, "TIME_WENT_BACKWARDS">;
  readonly path: string;
  readonly message: string;
}

const isCaseEvent = (event: LinkworkEvent): event is CaseEvent => eventCatalogue[event.type].category === "case";
const isPersonUsageEvent = (event: LinkworkEvent): event is PersonUsageEvent => eventCatalogue[event.type].category === "person";
const isReferenceEvent = (event: LinkworkEvent): event is ReferenceEvent => !isCaseEvent(event) && !isPersonUsageEvent(event);

/**
 * Every stream's history as the deciders see it, so a history file is held to the domain's rules and
 * not only to its schemas: each stream's events must be a sequence its decider's evolve accepts (no
 * event after a case ended, ids that match their stream, references to goals, connections and
 * follow-ups the case has, instruments and score names from the registry), and time never runs
 * backwards inside a stream. Memory: a state per open case (an ended case keeps a shared marker)
 * and a few words per other stream.
 */
export class StreamHistories {
  readonly #caseRule: StreamRule<CaseState, CaseEvent>;
  readonly #cases = new Map<string, Followed<CaseState>>();
  readonly #people = new Map<string, Followed<PersonUsageState>>();
  readonly #references = new Map<string, Followed<ReferenceState>>();

  constructor(instruments: InstrumentRegistry) {
    this.#caseRule = caseHistoryRule(instruments);
  }

  /** Why the event cannot follow its stream's events so far, or null, in which case it now follows them. */
  follow(streamId: string, event: LinkworkEvent): StreamRefusal | null {
    if (isCaseEvent(event)) return followRule(this.#caseRule, this.#cases, streamId, event);
    if (isPersonUsageEvent(event)) return followRule(personUsageHistoryRule, this.#people, streamId, event);
    if (isReferenceEvent(event)) return followRule(referenceHistoryRule, this.#references, streamId, event);
    return null;
  }
}

/** A stream's state, and its latest occurredAt as a number, parsed once per event. */
interface Followed<State> {
  state: State;
  lastMs: number;
}

function followRule<State extends { readonly lastOccurredAt: string | null }, Event extends LinkworkEvent>(
  rule: StreamRule<State, Event>,
  streams: Map<string, Followed<State>>,
  streamId: string,
  event: Event,
): StreamRefusal | null {
  const followed = streams.get(streamId);
  const state = followed?.state ?? rule.initialState;
  const occurredAt = event.metadata.occurredAt;
  // As the deciders compare: by the instant (text comparison misreads fractions of a second).
  const ms = Date.parse(occurredAt);
  if (followed !== undefined && ms < followed.lastMs) {
    return {
      code: "TIME_WENT_BACKWARDS",
      path: "metadata.occurredAt",
      message: `occurredAt ${occurredAt} is before the stream's latest event (${state.lastOccurredAt ?? "none"})`,
    };
  }
  const refusal = rule.refusal(state, event, streamEntityId(streamId));
  if (refusal !== null) return refusal;
  const next = rule.evolve(state, event);
  if (followed === undefined) streams.set(streamId, { state: next, lastMs: ms });
  else {
    followed.state = next;
    followed.lastMs = ms;
  }
  return null;
}
