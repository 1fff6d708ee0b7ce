import { advanceCapacityClock, mergeCapacity } from "../read-models/capacity/merge.js";
import { advanceCaseloadClock, mergeCaseload } from "../read-models/caseload/merge.js";
import { advanceCommunityDemandClock, mergeCommunityDemand } from "../read-models/community-demand/merge.js";
import { advanceDemandReductionClock, mergeDemandReduction } from "../read-models/demand-reduction/merge.js";
import { advanceEquityClock, mergeEquity } from "../read-models/equity/merge.js";
import { advanceGpRecordOutboxClock, mergeGpRecordOutbox } from "../read-models/gp-record-outbox/merge.js";
import { advanceOutcomesClock, mergeOutcomes } from "../read-models/outcomes/merge.js";
import { advanceReferralSourcesClock, mergeReferralSources } from "../read-models/referral-sources/merge.js";
import { advanceUnmetNeedsClock, mergeUnmetNeeds } from "../read-models/unmet-needs/merge.js";
import { advanceFundingClock, mergeFunding } from "../read-models/funding/merge.js";

/** What a partitioned replay needs of a read model besides its projection: merge, and the shared clock. */
export interface Mergeable<State> {
  /** The one-pass state from the partitions' states (shared/partition-merge.ts). */
  readonly merge: (states: readonly State[]) => State;
  /** Another partition's event happened at `at` (epoch ms): move the clock, fold what it passes. */
  readonly advanceClock: (state: State, at: number) => void;
}

/** A mergeable of any state, as a set of different read models has them (see AnyProjection). */
export interface AnyMergeable {
  readonly merge: (states: readonly never[]) => unknown;
  readonly advanceClock: (state: never, at: number) => void;
}

function mergeable<State>(merge: Mergeable<State>["merge"], advanceClock: Mergeable<State>["advanceClock"]): Mergeable<State> {
  return { merge, advanceClock };
}

/** Every read model's merge and clock, by its projection's name. */
export const mergeableReadModels: ReadonlyMap<string, AnyMergeable> = new Map<string, AnyMergeable>([
  ["caseload", mergeable(mergeCaseload, advanceCaseloadClock)],
  ["capacity", mergeable(mergeCapacity, advanceCapacityClock)],
  ["demand-reduction", mergeable(mergeDemandReduction, advanceDemandReductionClock)],
  ["outcomes", mergeable(mergeOutcomes, advanceOutcomesClock)],
  ["unmet-needs", mergeable(mergeUnmetNeeds, advanceUnmetNeedsClock)],
  ["community-demand", mergeable(mergeCommunityDemand, advanceCommunityDemandClock)],
  ["referral-sources", mergeable(mergeReferralSources, advanceReferralSourcesClock)],
  ["equity", mergeable(mergeEquity, advanceEquityClock)],
  ["gp-record-outbox", mergeable(mergeGpRecordOutbox, advanceGpRecordOutboxClock)],
  ["funding", mergeable(mergeFunding, advanceFundingClock)],
]);
