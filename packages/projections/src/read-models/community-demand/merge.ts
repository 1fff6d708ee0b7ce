import { intern, internedIdList, internedIds } from "../shared/interned-ids.js";
import { advanceClock, compareText, mergedLatest, mergedRetention, sortedIds } from "../shared/partition-merge.js";
import { fold } from "./apply.js";
import { addFoldedConnection, foldedConnectionList, foldedConnections, type FoldedConnection } from "./folded-connections.js";
import type { CommunityDemandState, RetainedCase } from "./state.js";

/**
 * Community demand of a history split by person, from its partitions' states
 * (shared/partition-merge.ts): people and retained cases are each in one partition, folded
 * connections are listed together. People, providers, PCNs and activities are renumbered in sorted
 * order, and folded connections listed in a canonical order (reports count them, in no order).
 */
export function mergeCommunityDemand(states: readonly CommunityDemandState[]): CommunityDemandState {
  const people = internedIds(sortedIds(states.map((state) => state.people.keys())));
  const renumbered = states.map((state) => internedIdList(state.people).map((personId) => intern(people, personId)));
  const cases = new Map<string, RetainedCase>();
  states.forEach((state, index) => {
    for (const [caseId, retained] of state.cases) {
      if (!cases.has(caseId)) cases.set(caseId, { ...retained, person: renumbered[index]![retained.person] ?? retained.person });
    }
  });
  const connections: FoldedConnection[] = [];
  states.forEach((state, index) => {
    for (const connection of foldedConnectionList(state.folded)) {
      connections.push({ ...connection, person: renumbered[index]![connection.person] ?? connection.person });
    }
  });
  connections.sort(compareConnections);
  const folded = foldedConnections();
  for (const id of sortedIds(states.map((state) => state.folded.providers.keys()))) intern(folded.providers, id);
  for (const id of sortedIds(states.map((state) => state.folded.pcns.keys()))) intern(folded.pcns, id);
  for (const id of sortedIds(states.map((state) => state.folded.activities.keys()))) intern(folded.activities, id);
  for (const connection of connections) addFoldedConnection(folded, connection);
  // Erased connections add up per PCN, month and (renumbered) person, keys in order.
  const foldedErased = new Map<string, Map<number, number>>();
  states.forEach((state, index) => {
    for (const [key, byPerson] of state.foldedErased) {
      let merged = foldedErased.get(key);
      if (merged === undefined) foldedErased.set(key, (merged = new Map<number, number>()));
      for (const [person, count] of byPerson) {
        const renumberedPerson = renumbered[index]![person] ?? person;
        merged.set(renumberedPerson, (merged.get(renumberedPerson) ?? 0) + count);
      }
    }
  });
  for (const [key, byPerson] of foldedErased) foldedErased.set(key, new Map([...byPerson].sort(([a], [b]) => a - b)));
  return {
    people,
    cases: new Map([...cases].sort(([a], [b]) => compareText(a, b))),
    retention: mergedRetention(states.map((state) => state.retention)),
    folded,
    foldedErased: new Map([...foldedErased].sort(([a], [b]) => compareText(a, b))),
    latestOccurredAt: mergedLatest(states),
  };
}

function compareConnections(a: FoldedConnection, b: FoldedConnection): number {
  return (
    compareText(a.month, b.month) ||
    compareText(a.providerId, b.providerId) ||
    compareText(a.pcnId, b.pcnId) ||
    a.person - b.person ||
    compareText(a.activity, b.activity) ||
    compareText(a.mode, b.mode) ||
    compareText(a.outcome, b.outcome) ||
    compareText(a.status, b.status) ||
    Number(a.attended) - Number(b.attended)
  );
}

/** Another partition's event at `at`: the clock moves on, and cases it passes are folded. */
export function advanceCommunityDemandClock(state: CommunityDemandState, at: number): void {
  advanceClock(state, at, fold);
}
