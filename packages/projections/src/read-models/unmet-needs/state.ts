import { ProviderDeclineReason, UnmetNeedReason } from "@linkwork/core/vocabulary";
import { internedIds, type InternedIds } from "../shared/interned-ids.js";
import { monthlyTallies, type MonthlyTallies } from "../shared/monthly-tallies.js";
import { createRetention, type Retention } from "../shared/retention.js";
import type { UnmetNeedSettings } from "./settings.js";

export const reasons = UnmetNeedReason.options;
export const reasonNumbers = new Map<UnmetNeedReason, number>(reasons.map((reason, index) => [reason, index]));
export const declineReasons = ProviderDeclineReason.options;
export const declineReasonNumbers = new Map<ProviderDeclineReason, number>(declineReasons.map((reason, index) => [reason, index]));

/** Numbers per connection in `CaseNeeds.connections`: connection id, need, provider. */
export const CONNECTION_WIDTH = 3;

/** Numbers per UnmetNeedRecorded event in `CaseNeeds.unmet`: occurredAt, need, reason, provider. */
export const UNMET_WIDTH = 4;
/** The provider number of an unmet need that named none. */
export const NO_PROVIDER = -1;

/**
 * What a retained case asked for and what it was connected to, with PCN, needs, reasons and providers
 * as numbers (`UnmetNeedIds`). Plain fields and exactly sized arrays, no Set, Map or object per event:
 * a replay holds thousands of these.
 */
export interface CaseNeeds {
  readonly pcn: number;
  /**
   * The needs raised (the referral's reasons, needs recorded at conversations, the plan's goals), each
   * once; the first `connected` of them had a connection made for a goal of theirs (a connection
   * moves its need to the front, so one number stands for the set of connected needs). Once the case
   * ended only what the secondary measure reads is kept: a closed case's needs left without a
   * connection (`connected` 0), none for a rejected or declined case.
   */
  needs: readonly number[];
  connected: number;
  /** The plan in force while the case is open, as goal id then need number, goal after goal; null without one. */
  goals: readonly (string | number)[] | null;
  /**
   * The UnmetNeedRecorded events, `UNMET_WIDTH` numbers each: occurredAt, need, reason (its index in
   * UnmetNeedReason.options) and provider (`NO_PROVIDER` when none was named); null before the first.
   */
  unmet: readonly number[] | null;
  /**
   * The connections made for a goal of the plan, while the case is open: connection id, need and
   * provider number, connection after connection; null before the first. A provider's decline names
   * its connection, and counts under this need and provider.
   */
  connections: readonly (string | number)[] | null;
  /**
   * Connections the provider declined (ProviderUpdateRecorded), `UNMET_WIDTH` numbers each:
   * occurredAt, need, decline reason (its index in ProviderDeclineReason.options) and provider; null before the first.
   */
  declined: readonly number[] | null;
  /**
   * When each UnmetNeedRecorded of an erased person was recorded (no need, reason or provider to
   * count it under, but counted apart so counts by PCN and month stay whole); null before the first.
   */
  erased: readonly number[] | null;
  /** When it was rejected, declined or closed; null while open. */
  endedAt: number | null;
  /** Ended by CaseClosed: only closures count for the secondary measure. */
  closed: boolean;
}

/**
 * Every PCN, need and provider id the state holds, numbered in the order first met (interned-ids.ts):
 * retained cases and folded tallies hold the numbers, so the state keeps one copy of each name (each
 * event carries its own copies). A vocabulary and the local population, so it stays small.
 */
interface UnmetNeedIds {
  readonly pcns: InternedIds;
  readonly needs: InternedIds;
  readonly providers: InternedIds;
}

/**
 * Packing bounds: a (PCN, need) pair is `pcn * NEED_KEYS + need` and a (pair, provider) fact is
 * `pair * PROVIDER_KEYS + provider`, exact doubles while fewer than 2^21 needs, 2^27 pairs and 2^26
 * providers have been seen (a national history has a few dozen needs and thousands of providers).
 */
export const NEED_KEYS = 2 ** 21;
export const PROVIDER_KEYS = 2 ** 26;

/** The counters of a folded cell: UnmetNeedRecorded events by reason, then these two. */
export const CASES = reasons.length;
export const CLOSED_WITHOUT_CONNECTION = reasons.length + 1;
/** The first of the counters of connections a provider declined, one per decline reason. */
export const DECLINED_BY_PROVIDER = reasons.length + 2;
export const COUNTERS = reasons.length + 2 + declineReasons.length;

/**
 * What the cases folded away left behind, per UTC month and (PCN, need) pair: memory is months ×
 * pairs × `COUNTERS` × 4 bytes, plus one Map entry per provider named for a pair, however many cases
 * were folded. A period report counts the months starting at or after its `from`, which is exact
 * because every folded event is before the retention horizon.
 */
export interface FoldedGaps {
  /** The (PCN, need) pairs folded cases met, packed; a pair's number is its cell in the tallies. */
  readonly pairs: InternedIds<number>;
  /**
   * Per cell, counters in order: the pair's UnmetNeedRecorded events in the month for each reason;
   * `CASES`, folded cases whose last unmet need of the need was recorded in the month;
   * `CLOSED_WITHOUT_CONNECTION`, folded cases closed in the month without a connection for the need;
   * and from `DECLINED_BY_PROVIDER`, connections for the need a provider declined in the month, by decline reason.
   */
  readonly tallies: MonthlyTallies;
  /** Per pair and provider (packed): the last month (`monthNumber`) a folded case named the provider as unable to meet the need, or the provider declined it. */
  readonly providersNamed: Map<number, number>;
}

export interface UnmetNeedState {
  /** Open cases and cases that ended after the retention horizon, by case id. */
  readonly cases: Map<string, CaseNeeds>;
  readonly ids: UnmetNeedIds;
  /** Cases that ended before the horizon. */
  readonly folded: FoldedGaps;
  /** Erased unmet needs of folded cases, counted by `${pcnId} ${month}` (bounded: PCNs x months). */
  readonly foldedErased: Map<string, number>;
  readonly retention: Retention;
  latestOccurredAt: number | null;
}

export function initialState(settings: UnmetNeedSettings): UnmetNeedState {
  return {
    cases: new Map(),
    ids: { pcns: internedIds(), needs: internedIds(), providers: internedIds() },
    folded: { pairs: internedIds<number>(), tallies: monthlyTallies(COUNTERS), providersNamed: new Map() },
    foldedErased: new Map(),
    retention: createRetention(settings.retentionDays),
    latestOccurredAt: null,
  };
}
