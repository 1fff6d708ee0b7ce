import type { StreamRule } from "../history/stream-rule.js";
import type { ProviderEvent } from "./events.js";
import { fundingPeriodProblem } from "../funding/funding-period.js";
import { providerIdProblem } from "./provider-id-form.js";

/** What the rules read of a provider's stream: listed or not, and its funding ids (a property test holds it to evolveProvider). */
export interface ProviderCheckState {
  readonly listed: boolean;
  readonly fundingIds: ReadonlySet<string>;
}

const noIds: ReadonlySet<string> = new Set();
const initialProviderCheckState: ProviderCheckState = { listed: false, fundingIds: noIds };

/** evolveProvider on what the rules read. */
export function evolveProviderCheck(state: ProviderCheckState, event: ProviderEvent): ProviderCheckState {
  switch (event.type) {
    case "ProviderRegistered":
      return { ...state, listed: true };
    case "ProviderCapacityDeclared":
      return state;
    case "FundingAwarded":
      return { ...state, fundingIds: new Set(state.fundingIds).add(event.data.fundingId) };
  }
}

const isIds = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((id) => typeof id === "string");

/** What a provider's stream requires: registered first and once, ids of its stream, funding ids once, periods forward. */
export const providerHistoryRule: StreamRule<ProviderCheckState, ProviderEvent> = {
  initialState: initialProviderCheckState,
  evolve: evolveProviderCheck,
  encode: (state) => [state.listed, [...state.fundingIds]],
  decode: (data) => {
    if (!Array.isArray(data) || data.length !== 2) return null;
    const [listed, ids] = data as readonly unknown[];
    return typeof listed === "boolean" && isIds(ids) ? { listed, fundingIds: ids.length === 0 ? noIds : new Set(ids) } : null;
  },
  refusal: (state, event, entityId) => {
    if (event.data.providerId !== entityId) {
      return {
        code: "ID_MISMATCH",
        path: "data.providerId",
        message: `providerId ${event.data.providerId} is not the provider of its stream (${entityId})`,
      };
    }
    const registering = event.type === "ProviderRegistered";
    if (registering === state.listed) {
      const why = registering ? "the provider is already listed" : "the provider is not listed yet (ProviderRegistered comes first)";
      return { code: "INVALID_TRANSITION", path: "type", message: `${event.type} cannot follow: ${why}` };
    }
    switch (event.type) {
      case "ProviderRegistered": {
        const problem = providerIdProblem(event.data.providerId, event.data.directory);
        return problem === null ? null : { code: "INVALID_EVENT", path: "data.providerId", message: problem };
      }
      case "ProviderCapacityDeclared":
        return null;
      case "FundingAwarded":
        if (state.fundingIds.has(event.data.fundingId)) {
          return { code: "INVALID_EVENT", path: "data.fundingId", message: "the funding id is already recorded for this provider" };
        }
        {
          const problem = fundingPeriodProblem(event.data.periodStart, event.data.periodEnd);
          return problem === null ? null : { code: "INVALID_EVENT", path: "data.periodEnd", message: `periodEnd ${problem}` };
        }
    }
  },
};
