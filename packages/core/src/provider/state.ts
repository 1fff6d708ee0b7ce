import type { ProviderReferralRoute } from "../events/vocabulary.js";
import type { ProviderDirectory } from "./events.js";

/** A provider's stream as its decider sees it: listed or not, and the funding ids it has used. */
export interface ProviderState {
  readonly stage: "none" | "listed";
  readonly directory: ProviderDirectory | null;
  readonly route: ProviderReferralRoute | null;
  readonly monthlyPlaces: number | null;
  readonly waitingList: number | null;
  /** Every grant or commission's id: an id is used once, so an award is never counted twice. */
  readonly fundingIds: ReadonlySet<string>;
  readonly lastOccurredAt: string | null;
}

/** A provider stream before its first event. */
export const initialProviderState: ProviderState = {
  stage: "none",
  directory: null,
  route: null,
  monthlyPlaces: null,
  waitingList: null,
  fundingIds: new Set(),
  lastOccurredAt: null,
};
