import type { ProviderEvent } from "./events.js";
import type { ProviderState } from "./state.js";

/** Applies one event to a provider's stream; total and pure. */
export function evolveProvider(state: ProviderState, event: ProviderEvent): ProviderState {
  const lastOccurredAt = event.metadata.occurredAt;
  switch (event.type) {
    case "ProviderRegistered":
      return { ...state, stage: "listed", directory: event.data.directory, route: event.data.route, lastOccurredAt };
    case "ProviderCapacityDeclared":
      return { ...state, monthlyPlaces: event.data.monthlyPlaces, waitingList: event.data.waitingList, lastOccurredAt };
    case "FundingAwarded":
      return { ...state, fundingIds: new Set(state.fundingIds).add(event.data.fundingId), lastOccurredAt };
  }
}
