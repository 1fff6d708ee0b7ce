import type { ReferenceEvent } from "./events.js";
import type { ReferenceState } from "./state.js";

/** Applies one event to a reference stream; total and pure. */
export function evolveReference(state: ReferenceState, event: ReferenceEvent): ReferenceState {
  const lastOccurredAt = event.metadata.occurredAt;
  switch (event.type) {
    case "PcnListSizeRecorded":
    case "SocialPrescribingStarted":
    case "PracticeListCompositionRecorded":
      return { ...state, stage: "active", lastOccurredAt };
    case "LinkWorkerJoined":
    case "LinkWorkerFteChanged":
      return { ...state, stage: "active", fte: event.data.fte, lastOccurredAt };
    case "LinkWorkerLeft":
      return { ...state, stage: "left", fte: 0, lastOccurredAt };
    case "LocalCodeRegistered":
      return { ...state, stage: "active", codes: new Set([...state.codes, event.data.code]), lastOccurredAt };
  }
}
