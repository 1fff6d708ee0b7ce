import { advanceHorizon, createRetention, noteCaseEnded, type RetainingState, type Retention } from "./retention.js";

/**
 * What every read model's `merge` shares (read-models/<name>/merge.ts, docs/projections.md,
 * "Partitioned replay"). A history is split by person: each partition holds every event of its
 * people (their person stream and case streams) and every reference-data event (PCN and link worker
 * streams), and it is driven by the whole history's clock: for an event of another partition it only
 * `advanceClock`s, so its retention horizon moves, and its cases fold, exactly when the one-pass
 * replay's do. Its state is then the one-pass state restricted to its people, and the partitions'
 * states merge into the one-pass state.
 *
 * "Exactly" up to representation: merged Maps list their keys sorted, the retention queue is rebuilt
 * from its entries sorted, and ids a read model numbers densely (interned-ids.ts) are renumbered in
 * sorted order. `merge([state])` is the same canonical form of one state, so a property compares
 * `merge(partitions)` with `merge([onePass])` by deep equality, and reports with the one-pass state's.
 */

/** The one-pass clock seen by a partition for another partition's event at `at`: folds what passes the horizon. */
export function advanceClock<State extends RetainingState>(state: State, at: number, fold: (state: State, caseId: string) => void): void {
  const latest = state.latestOccurredAt === null || at > state.latestOccurredAt ? at : state.latestOccurredAt;
  state.latestOccurredAt = latest;
  advanceHorizon(state.retention, latest, fold, state);
}

/** The latest occurredAt of the partitions (they share a clock, so all are the same but for empty states). */
export function mergedLatest(states: readonly { readonly latestOccurredAt: number | null }[]): number | null {
  let latest: number | null = null;
  for (const { latestOccurredAt } of states)
    if (latestOccurredAt !== null && (latest === null || latestOccurredAt > latest)) latest = latestOccurredAt;
  return latest;
}

/** One retention from the partitions': the furthest horizon, and every queued case re-queued in (endedAt, caseId) order. */
export function mergedRetention(retentions: readonly Retention[]): Retention {
  const first = retentions[0];
  if (first === undefined) throw new RangeError("merge needs at least one state");
  let horizon: number | null = null;
  const entries: [string, number][] = [];
  for (const retention of retentions) {
    if (retention.horizon !== null && (horizon === null || retention.horizon > horizon)) horizon = retention.horizon;
    const { ended } = retention;
    for (let index = 0; index < ended.length; index += 1) entries.push([ended.ids[index]!, ended.values[index]!]);
  }
  entries.sort(([caseA, endA], [caseB, endB]) => endA - endB || compareText(caseA, caseB));
  const merged = createRetention(first.days);
  merged.horizon = horizon;
  for (const [caseId, endedAt] of entries) noteCaseEnded(merged, caseId, endedAt);
  return merged;
}

/** Every entry of the maps in one Map, keys sorted; a key in two maps keeps the first's value (partitions hold disjoint keys). */
export function unionByKey<V>(maps: readonly ReadonlyMap<string, V>[], copy: (value: V) => V = (value) => value): Map<string, V> {
  const entries = new Map<string, V>();
  for (const map of maps) for (const [key, value] of map) if (!entries.has(key)) entries.set(key, copy(value));
  return new Map([...entries].sort(([a], [b]) => compareText(a, b)));
}

/** The ids of several numberings, each once, in sorted order: the canonical numbering of a merge. */
export function sortedIds(lists: Iterable<Iterable<string>>): string[] {
  const all = new Set<string>();
  for (const list of lists) for (const id of list) all.add(id);
  return [...all].sort(compareText);
}

/** Code-unit order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
