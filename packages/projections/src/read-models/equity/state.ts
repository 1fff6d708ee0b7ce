import type { EventOf } from "@linkwork/core";
import type { CaseMilestones } from "../shared/case-milestones.js";
import type { DemandReductionState } from "../demand-reduction/state.js";
import type { EquitySettings } from "./settings.js";

/** One referral as the equity report needs it: its person (the pseudonym the register is asked about), practice and steps. */
export interface EquityCase {
  readonly milestones: CaseMilestones;
  readonly practiceId: string;
  /** Closed with a reason that counts the episode as completed (goals met, connected to support). */
  completed: boolean;
  /** The followed score at the episode's first baseline assessment. */
  baseline: number | null;
  /** The followed score at each later assessment, in time order: `[at, value]`. */
  readonly later: [number, number][];
}

/** A practice's list compositions over time (reference data: every partition holds them whole). */
export interface PracticeCompositions {
  readonly pcnId: string;
  readonly changes: { readonly at: number; readonly composition: EventOf<"PracticeListCompositionRecorded">["data"] }[];
}

/**
 * Every referral (kept whole: the groups are joined at report time, from the register, so nothing
 * can be folded by group as it is applied), practices' list compositions, and a demand-reduction
 * state for the per-group estimate of change in GP use.
 */
export interface EquityState {
  readonly settings: EquitySettings;
  readonly cases: Map<string, EquityCase>;
  readonly practices: Map<string, PracticeCompositions>;
  readonly demand: DemandReductionState;
  latestOccurredAt: number | null;
}
