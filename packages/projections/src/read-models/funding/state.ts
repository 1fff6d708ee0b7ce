import type { FundingKind, ProviderReferralRoute } from "@linkwork/core/vocabulary";
import type { Retention } from "../shared/retention.js";

/** A grant or commission as the report spreads it: its amount over its days, both included. */
export interface Award {
  readonly fundingId: string;
  readonly kind: FundingKind;
  readonly amountPence: number;
  /** The first and last days it pays for, as the epoch milliseconds of their UTC midnights. */
  readonly firstDay: number;
  readonly lastDay: number;
  readonly needs: readonly string[];
  /** When it was recorded: a report as of an earlier instant does not know of it. */
  readonly recordedAt: number;
}

/** What the provider declared it can take, from `at`. */
export interface DeclaredCapacity {
  readonly at: number;
  readonly monthlyPlaces: number;
  readonly waitingList: number;
}

/** A provider of the directory: its listing, what it declared and how it was funded. Providers are few: all kept. */
export interface ListedProvider {
  readonly name: string;
  readonly route: ProviderReferralRoute;
  readonly awards: Award[];
  readonly capacity: DeclaredCapacity[];
}

/** A connection of a retained case: whom it went to, for which need, and what the provider reported. */
export interface FundedConnection {
  readonly connectionId: string;
  readonly providerId: string;
  /** The need of the plan's goal it was made for; null when the plan no longer says (never, but for an erased plan). */
  readonly need: string | null;
  readonly madeAt: number;
  /** The provider's first `attended`: the connection counts as attended from then on. */
  attendedAt: number | null;
  declinedAt: number | null;
}

/** Activity-budget spend of a retained case, with the provider of its connection when it named one. */
export interface BudgetSpend {
  readonly at: number;
  readonly amountPence: number;
  readonly providerId: string | null;
  readonly need: string | null;
}

/** A case not folded yet: its plan's needs by goal, its connections and its spend. */
export interface FundedCase {
  /** The plan in force, goal id then need, goal after goal; null before a plan. */
  goals: readonly string[] | null;
  connections: FundedConnection[] | null;
  spends: BudgetSpend[] | null;
  /** When it was rejected, declined or closed; null while open. */
  endedAt: number | null;
}

/** The counters of a folded cell: connections made, first attended, declined, and activity-budget pence. */
export const REFERRALS = 0;
export const ATTENDED = 1;
export const DECLINED = 2;
export const SPEND_PENCE = 3;
export const FOLDED_COUNTERS = 4;

export interface FundingState {
  /** The directory, by provider id. */
  readonly providers: Map<string, ListedProvider>;
  /** Open cases, and ended ones the retention horizon has not passed yet. */
  readonly cases: Map<string, FundedCase>;
  readonly retention: Retention;
  /**
   * What folded cases left, per `[month, provider id or null, need or null]` (as JSON text): the
   * FOLDED_COUNTERS counters of the facts that happened in that UTC month. Bounded by months ×
   * providers × needs, however many cases were folded.
   */
  readonly folded: Map<string, number[]>;
  latestOccurredAt: number | null;
}
