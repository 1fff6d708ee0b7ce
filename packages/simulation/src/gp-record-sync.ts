import { eventIdFor, type CaseCommandInput } from "@linkwork/core";
import { gpRecordEntryId, maxEntriesPerAcknowledgement } from "@linkwork/core/gp-record";

/** A case's entries the GP systems have not been sent yet. */
interface WaitingCase {
  readonly correlationId: string;
  readonly entryIds: string[];
  /** The case has ended: once these are acknowledged, nothing more is written to its stream. */
  ended: boolean;
}

/** One acknowledgement the sync issues: the case, its entries, and whether it is the case's last command. */
export interface GpRecordAcknowledgement {
  readonly caseId: string;
  readonly correlationId: string;
  readonly entryIds: readonly string[];
  readonly last: boolean;
}

/**
 * The practices' GP record sync, as an embedder runs it over the `gp-record-outbox` read model
 * (docs/gp-record.md): it notes the entry each case command causes, with the id the handler gives
 * it (gpRecordEntryId of the case and the causing event's id, which derives from the command id and
 * the event's place among the command's events: case/decide.ts), and at each sync acknowledges
 * everything waiting, one command per case. Memory: the entries waiting since the last sync.
 */
export class GpRecordSync {
  readonly #waiting = new Map<string, WaitingCase>();

  /**
   * Notes a case command about to be handled: the entry it causes, if any, and whether it ends the
   * case. True when it is the case's last command (it ended it with nothing left to send: a rejection).
   * `consentToShare`: the person lets the referrer hear the outcome, so a closure or decline is
   * told to the referrer first and its entry is the command's second event.
   */
  note(command: CaseCommandInput, consentToShare: boolean): boolean {
    const index = entryEventIndex(command, consentToShare);
    const ends = command.type === "RejectReferral" || command.type === "DeclineSocialPrescribing" || command.type === "CloseCase";
    if (index === null) return ends && !this.#waiting.has(command.caseId);
    let waiting = this.#waiting.get(command.caseId);
    if (waiting === undefined) {
      waiting = { correlationId: command.correlationId ?? command.commandId, entryIds: [], ended: false };
      this.#waiting.set(command.caseId, waiting);
    }
    waiting.entryIds.push(gpRecordEntryId(command.caseId, eventIdFor(command.commandId, index, command.occurredAt)));
    if (ends) waiting.ended = true;
    return false;
  }

  /** Takes everything waiting, as acknowledgements in the order the cases first waited (at most the handler's batch each). */
  *take(): Generator<GpRecordAcknowledgement, void, undefined> {
    for (const [caseId, waiting] of this.#waiting) {
      const { entryIds, correlationId } = waiting;
      for (let start = 0; start < entryIds.length; start += maxEntriesPerAcknowledgement) {
        const batch = entryIds.slice(start, start + maxEntriesPerAcknowledgement);
        const last = waiting.ended && start + maxEntriesPerAcknowledgement >= entryIds.length;
        yield { caseId, correlationId, entryIds: batch, last };
      }
    }
    this.#waiting.clear();
  }
}

/** The place among the command's events of the event that causes a GP record entry, or null when none does. */
function entryEventIndex(command: CaseCommandInput, consentToShare: boolean): number | null {
  switch (command.type) {
    case "AcceptReferral":
    case "AssessWellbeing":
    case "MakeConnection":
      return 0;
    case "HoldConversation":
      return (command.needs ?? []).length > 0 ? 0 : null;
    case "DeclineSocialPrescribing":
    case "CloseCase":
      // The referrer's feedback comes first when the command notifies them (the default) and they may hear.
      return (command.notifyReferrer ?? true) && consentToShare ? 1 : 0;
    default:
      return null;
  }
}
