import type { GpRecordCoding } from "@linkwork/core/gp-record";
import type { GpRecordOutboxSettings } from "./settings.js";

/** One case as the outbox needs it: where its entries go, the consent that governs them, and the entries not yet sent. */
export interface OutboxCase {
  readonly personId: string;
  /** The GP practice (ODS code) whose system should hold the entries. */
  readonly practiceId: string;
  readonly pcnId: string;
  /** The person agreed to share the outcome with the referrer: entries carry their detail (a summary). */
  shareOutcome: boolean;
  /** The person was erased: nothing of theirs is sent any more. */
  personErased: boolean;
  /** Rejected, declined or closed: no entry will be added, so the case goes once its entries are sent. */
  ended: boolean;
  /** Entries not acknowledged yet, in the order their events happened. */
  readonly pending: Map<string, GpRecordCoding>;
}

/**
 * The outbox's state. It holds open cases and ended cases with entries still to send, so memory
 * follows the work not yet drained, not the length of the history.
 */
export interface GpRecordOutboxState {
  readonly settings: GpRecordOutboxSettings;
  readonly cases: Map<string, OutboxCase>;
  latestOccurredAt: number | null;
}
