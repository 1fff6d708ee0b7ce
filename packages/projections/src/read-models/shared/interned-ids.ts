/**
 * Ids (people, PCNs, providers, activity categories) numbered densely in the order first seen.
 * Folded aggregates hold these small numbers instead of a string per fact, so they cost one entry
 * per distinct id (bounded by the population and the reference data), however long the history.
 * A Map keeps its insertion order, which is the numbering: the ids by number need no second array.
 * An id may also be a number: a combination of interned ids packed into one (a PCN and a need,
 * say), so the combinations actually met are numbered densely too.
 */
export type InternedIds<Id extends string | number = string> = Map<Id, number>;

export function internedIds<Id extends string | number = string>(ids: Iterable<Id> = []): InternedIds<Id> {
  const table: InternedIds<Id> = new Map();
  for (const id of ids) intern(table, id);
  return table;
}

/** The id's number, giving it the next one when it is new. */
export function intern<Id extends string | number>(table: InternedIds<Id>, id: Id): number {
  const known = table.get(id);
  if (known !== undefined) return known;
  const number = table.size;
  table.set(id, number);
  return number;
}

/** The ids in number order: id `n` at index `n`. */
export function internedIdList<Id extends string | number>(table: InternedIds<Id>): Id[] {
  return [...table.keys()];
}
