import { NationalSupport } from "@linkwork/core/vocabulary";
import type { HistoryFacts } from "../../projection.js";
import { foldedConnectionList } from "./folded-connections.js";
import { internedIdList } from "../shared/interned-ids.js";
import type { CommunityDemandState } from "./state.js";

const national: ReadonlySet<string> = new Set(NationalSupport.options);

/**
 * A community-demand state restored from a snapshot, against the history up to the snapshot's
 * position (Projection.checkRestored): no connection details (provider, activity) of a person whose
 * referral reads erased, and no activity that is neither national nor a local code registered by
 * then. Paths are the snapshot's JSON fields by index: the answer names no id and no code, since an
 * unregistered code is exactly the free text that may identify someone.
 */
export function checkRestoredCommunityDemand(state: CommunityDemandState, history: HistoryFacts): string | null {
  const people = internedIdList(state.people);
  const erased = (person: number) => history.erasedPeople.has(people[person] ?? "");
  const unregistered = (activity: string) => !national.has(activity) && !history.registeredCodes.support.has(activity);
  const erasedDetails = "holds the connections of a person erased in the history (rebuild read models after an erasure)";
  const codeProblem = "is not a national support category or a local code registered in the history up to the snapshot's position";
  let row = 0;
  for (const retained of state.cases.values()) {
    if (retained.connections !== null) {
      if (erased(retained.person)) return `cases[${row}][1].connections: ${erasedDetails}`;
      const index = retained.connections.findIndex((connection) => unregistered(connection.activity));
      if (index !== -1) return `cases[${row}][1].connections[${index}].activity: ${codeProblem}`;
    }
    row += 1;
  }
  const activity = internedIdList(state.folded.activities).findIndex(unregistered);
  if (activity !== -1) return `folded.activities[${activity}]: ${codeProblem}`;
  row = 0;
  for (const connection of foldedConnectionList(state.folded)) {
    if (erased(connection.person)) return `folded.connections[${row}]: ${erasedDetails}`;
    row += 1;
  }
  return null;
}
