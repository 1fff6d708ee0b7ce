import { printable, type EventFilter, type RecordedEvent } from "@linkwork/core";
import { categoryOfType, eventMatch, type EventMatch, type HistoryChecker, type StoreError } from "@linkwork/core/store-kit";
import type { HistoryFailure } from "./runner-error.js";
import type { RunnerIntake } from "./runner-intake.js";

/**
 * What a store source reads so that the checker sees whole streams, and which of the events read go
 * to the projections. A stream's rules need every event of it, so an event-type filter is not sent
 * to the store: the store is asked for the categories those types live in (whole streams), every
 * event is checked, and only the types asked for are delivered.
 */
export interface StoreReading {
  /** The filter sent to the store: categories only. */
  readonly filter: EventFilter | undefined;
  /** The types the source's filter asked for; null: every event read. */
  readonly wanted: EventMatch | null;
}

/** The reading of a source's filter, or the INVALID_STORE_CALL a store would answer for it. */
export function storeReading(filter: EventFilter | undefined): { readonly reading: StoreReading } | { readonly error: StoreError } {
  const matched = eventMatch(filter, "filter");
  if ("error" in matched) return matched;
  if (filter === undefined || filter.eventTypes === undefined) return { reading: { filter, wanted: null } };
  const ofTypes = new Set(filter.eventTypes.map((type) => categoryOfType.get(type) ?? ""));
  const categories = (filter.categories ?? [...ofTypes]).filter((category) => ofTypes.has(category));
  // A filter no event can pass (types of other categories than those asked for) reads its types' streams and delivers none.
  const read = categories.length > 0 ? categories : [...ofTypes];
  return { reading: { filter: { categories: read }, wanted: matched.match } };
}

/**
 * The intake a store reader hands its events to: each event gets the checker's verdict first (as a
 * file's lines do), events that pass go on in order, and a refused one goes to the error policy
 * after the events before it, as `EVENT_INVALID`. Redeliveries (at or before the last position
 * checked) are passed over.
 */
export function checkedStoreIntake(intake: RunnerIntake, checker: HistoryChecker, wanted: EventMatch | null): RunnerIntake {
  const batch: RecordedEvent[] = [];
  async function flush(): Promise<void> {
    if (batch.length === 0) return;
    const events = batch.splice(0);
    await intake.deliver(events, null);
  }
  return {
    ...intake,
    deliver: async (events) => {
      let again = 0;
      let whole = true;
      for (const recorded of events) {
        const checked = checker.checkRecorded(recorded);
        if (checked === null) {
          again += 1;
          whole = false;
        } else if (checked.ok) {
          if (wanted === null || wanted(recorded.event.type)) batch.push(recorded);
          else whole = false;
        } else {
          whole = false;
          await flush();
          intake.refused(eventInvalid(recorded, checked.problem));
          if (intake.ending()) return;
        }
      }
      if (again > 0) intake.redelivered(again);
      // The usual batch, every event passed and wanted, goes on as it came.
      if (whole) {
        batch.length = 0;
        await intake.deliver(events, null);
      } else await flush();
      // Refused events and types not asked for move the runner on too: waitUntilCaughtUp's target may be one.
      const last = events[events.length - 1];
      if (last !== undefined && !intake.ending()) await intake.reached(last.position);
    },
  };
}

function eventInvalid(recorded: RecordedEvent, problem: HistoryFailure["problem"]): HistoryFailure {
  const eventType = String((recorded.event as { readonly type?: unknown } | null)?.type);
  return {
    code: "EVENT_INVALID",
    message: `event ${problem.line} of the read (position ${recorded.position} of ${printable(String(recorded.streamId))}): ${problem.path === "" ? "" : `${problem.path}: `}${problem.message}`,
    position: recorded.position,
    streamId: recorded.streamId,
    streamVersion: recorded.streamVersion,
    eventType,
    problem,
  };
}
