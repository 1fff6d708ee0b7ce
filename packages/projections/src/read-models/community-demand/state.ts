import type { ConnectionMode, ConnectionOutcome, SupportCategory } from "@linkwork/core/vocabulary";
import { type FoldedConnections } from "./folded-connections.js";
import type { ProviderReport } from "./provider-status.js";
import { type InternedIds } from "../shared/interned-ids.js";
import { type Retention } from "../shared/retention.js";

export interface Connection {
  /** Unique only within its case. */
  readonly connectionId: string;
  readonly providerId: string;
  readonly activity: SupportCategory;
  readonly mode: ConnectionMode;
  readonly madeAt: number;
  /** Every outcome recorded, in order: the latest at or before asOf is the connection's outcome. */
  readonly outcomes: { readonly at: number; readonly outcome: ConnectionOutcome }[];
  /** What the provider reported on it, in order (closed-loop updates); empty until it reports. */
  readonly providerReports: ProviderReport[];
}

/** A case not folded yet: its PCN and person, for the connections made in it. */
export interface RetainedCase {
  readonly pcnId: string;
  /** The person's number in `people`. */
  readonly person: number;
  /** When it was rejected, declined or closed; null while open. */
  endedAt: number | null;
  /** Null until its first connection: most cases make one or none. */
  connections: Connection[] | null;
  /**
   * Connections whose person was erased (no provider or activity to place them under): their ids
   * and when they were made, so counts by PCN and month stay whole. Null while there are none.
   */
  erased: { readonly connectionId: string; readonly madeAt: number }[] | null;
}

export interface CommunityDemandState {
  /**
   * Every person referred, numbered: cases and folded connections name people by number, so a
   * person's id is held once (the population), and people count apart across both.
   */
  readonly people: InternedIds;
  /** Open cases, and ended ones the retention horizon has not passed yet. */
  readonly cases: Map<string, RetainedCase>;
  readonly retention: Retention;
  /** The connections of cases that ended before the horizon. */
  readonly folded: FoldedConnections;
  /**
   * Erased connections of folded cases by `${pcnId} ${month}`, then by person's number: how many each
   * erased person made there, so erased people count once however many connections they made
   * (bounded: erased people x the months they made connections in).
   */
  readonly foldedErased: Map<string, Map<number, number>>;
  latestOccurredAt: number | null;
}
