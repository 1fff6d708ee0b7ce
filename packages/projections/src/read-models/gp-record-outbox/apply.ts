import { caseDecider, type RecordedEvent } from "@linkwork/core";
import { isErased } from "@linkwork/core/personal-data";
import { gpRecordCodingOf, type GpRecordCoding } from "@linkwork/core/gp-record";
import { occurredAtMs } from "../shared/occurred-at.js";
import { streamEntity } from "../shared/stream-entity.js";
import type { GpRecordOutboxState, OutboxCase } from "./state.js";

/**
 * Whether an entry can go to the GP system: one with a code always can (codes only without consent);
 * an uncoded one only as a summary, so only with consent to share the outcome.
 */
export function sendable(entry: GpRecordCoding, outboxCase: OutboxCase): boolean {
  return !outboxCase.personErased && (entry.snomedCode !== null || outboxCase.shareOutcome);
}

/** An ended case goes once nothing it holds can still be sent: its entries are all acknowledged or withheld. */
function forgetIfDone(state: GpRecordOutboxState, caseId: string, outboxCase: OutboxCase): void {
  if (!outboxCase.ended) return;
  for (const entry of outboxCase.pending.values()) if (sendable(entry, outboxCase)) return;
  state.cases.delete(caseId);
}

/** Tells a case's events from other streams' (a type guard, so no cast is needed). */
const isCaseEvent = caseDecider().owns;

export function applyEvent(state: GpRecordOutboxState, recorded: RecordedEvent): GpRecordOutboxState {
  const { event } = recorded;
  state.latestOccurredAt = Math.max(state.latestOccurredAt ?? Number.NEGATIVE_INFINITY, occurredAtMs(event.metadata));
  if (event.type === "ReferralReceived") {
    state.cases.set(event.data.caseId, {
      personId: event.data.personId,
      practiceId: event.data.practiceId,
      pcnId: event.data.pcnId,
      shareOutcome: event.data.consent.shareOutcomeWithReferrer,
      // Every referral names its reasons, so erased reasons mean an erased person.
      personErased: isErased(event.data.reasons),
      ended: false,
      pending: new Map(),
    });
    return state;
  }
  if (!isCaseEvent(event)) return state;
  const caseId = streamEntity(recorded.streamId);
  const outboxCase = state.cases.get(caseId);
  if (outboxCase === undefined) return state;
  switch (event.type) {
    case "GpRecordEntriesSent":
      for (const entryId of event.data.entryIds) outboxCase.pending.delete(entryId);
      forgetIfDone(state, caseId, outboxCase);
      return state;
    case "ReferralRejected":
    case "SocialPrescribingDeclined":
    case "CaseClosed":
      outboxCase.ended = true;
      break;
    // The consent in force when an entry is given governs what it carries (docs/gp-record.md, "Consent"):
    // withdrawn, no detail goes any more; given later, entries withheld until then can go.
    case "ConsentGiven":
    case "ConsentWithdrawn":
      if (event.data.purpose === "shareOutcomeWithReferrer") outboxCase.shareOutcome = event.type === "ConsentGiven";
      break;
    default:
      break;
  }
  const coding = gpRecordCodingOf(caseId, event);
  if (coding !== null) outboxCase.pending.set(coding.entryId, coding);
  forgetIfDone(state, caseId, outboxCase);
  return state;
}
