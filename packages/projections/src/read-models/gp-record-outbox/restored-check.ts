import { NationalNeed, NationalSupport } from "@linkwork/core/vocabulary";
import type { HistoryFacts } from "../../projection.js";
import type { GpRecordOutboxState } from "./state.js";

const nationalNeeds: ReadonlySet<string> = new Set(NationalNeed.options);
const nationalSupport: ReadonlySet<string> = new Set(NationalSupport.options);

/**
 * A GP record outbox restored from a snapshot, against the history up to the snapshot's position
 * (Projection.checkRestored). A snapshot taken before an erasure would send the erased person's
 * entries to their practice (its case says the person is not erased): a case of a person whose
 * referral the history reads erased must say so. And every need or support code an entry carries is
 * national or registered by then. Paths are the snapshot's JSON fields by index, naming no id or code.
 */
export function checkRestoredGpRecordOutbox(state: GpRecordOutboxState, history: HistoryFacts): string | null {
  const codeProblem = "is not a national category or a local code registered in the history up to the snapshot's position";
  let row = 0;
  for (const outboxCase of state.cases.values()) {
    const at = `cases[${row}][1]`;
    if (!outboxCase.personErased && history.erasedPeople.has(outboxCase.personId))
      return `${at}.personErased: is false for a person erased in the history (rebuild read models after an erasure)`;
    let index = 0;
    for (const entry of outboxCase.pending.values()) {
      const detail = entry.detail;
      if (detail?.kind === "needs") {
        const need = detail.needs.findIndex((code) => !nationalNeeds.has(code) && !history.registeredCodes.need.has(code));
        if (need !== -1) return `${at}.pending[${index}].detail.needs[${need}]: ${codeProblem}`;
      }
      if (detail?.kind === "support" && !nationalSupport.has(detail.activity) && !history.registeredCodes.support.has(detail.activity))
        return `${at}.pending[${index}].detail.activity: ${codeProblem}`;
      index += 1;
    }
    row += 1;
  }
  return null;
}
