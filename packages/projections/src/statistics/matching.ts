import { sampleVariance } from "simple-statistics";

/**
 * Nearest-neighbour matching of treated people to comparators from a pool, one to one, without
 * replacement, with a caliper (docs/statistics.md, "Matched comparisons").
 *
 * A candidate is matched exactly on its `stratum` (the caller's key: index month and, when known,
 * age band, sex and deprivation decile) and on its place, first the same practice and then, for
 * those still unmatched, the same PCN; within that, to the available comparator whose prior usage
 * is nearest, if it is within the caliper. Treated people are taken from the highest prior usage
 * down (the pool is thinnest there), ties by id, so the result does not depend on input order.
 * Sorting dominates: O((treated + pool) log(treated + pool)).
 */

/** One person as matching sees them. */
export interface MatchCandidate {
  /** The pseudonym: ties are broken by it, so matching is deterministic. */
  readonly id: string;
  readonly practiceId: string | null;
  readonly pcnId: string | null;
  /** Exact-match key (index month, equity fields); people in different strata are never paired. */
  readonly stratum: string;
  /** Use in the before window: the nearest-neighbour distance is taken on it. */
  readonly priorUsage: number;
}

/** Where a pair was found. */
export type MatchLevel = "practice" | "pcn";

export interface MatchedPair<T extends MatchCandidate> {
  readonly treated: T;
  readonly comparison: T;
  readonly level: MatchLevel;
}

export interface MatchingOptions {
  /** Caliper as a multiple of the pooled standard deviation of prior usage (default 0.2). */
  readonly caliperSd?: number;
}

/** The caliper most often recommended: 0.2 standard deviations (Austin 2011, docs/statistics.md). */
export const DEFAULT_CALIPER_SD = 0.2;

export interface Matching<T extends MatchCandidate> {
  /** Sorted by the treated person's id. */
  readonly pairs: readonly MatchedPair<T>[];
  /** Treated people with no comparator within the caliper in their practice or PCN: counted apart. */
  readonly unmatched: readonly T[];
  /** The caliper in units of prior usage. */
  readonly caliper: number;
  readonly samePractice: number;
  readonly samePcn: number;
}

const byId = (a: MatchCandidate, b: MatchCandidate): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Pooled standard deviation of prior usage, √((s²_treated + s²_pool) / 2); 0 when either group has fewer than 2. */
export function pooledPriorUsageSd(treated: readonly MatchCandidate[], pool: readonly MatchCandidate[]): number {
  if (treated.length < 2 || pool.length < 2) return 0;
  return Math.sqrt(
    (sampleVariance(treated.map((person) => person.priorUsage)) + sampleVariance(pool.map((person) => person.priorUsage))) / 2,
  );
}

/**
 * Matches each treated person to at most one pool person; each pool person is used at most once.
 * Throws a `RangeError` for a caliper that is negative or not finite, or a prior usage that is not finite.
 */
export function matchNearestNeighbours<T extends MatchCandidate>(
  treated: readonly T[],
  pool: readonly T[],
  options: MatchingOptions = {},
): Matching<T> {
  const caliperSd = options.caliperSd ?? DEFAULT_CALIPER_SD;
  if (!(caliperSd >= 0 && Number.isFinite(caliperSd)))
    throw new RangeError(`caliperSd must be a finite number >= 0, got ${String(caliperSd)}`);
  // A NaN distance is never above the caliper: such a person would be paired with anyone.
  assertFinitePriorUsage(treated, "treated");
  assertFinitePriorUsage(pool, "pool");
  const caliper = caliperSd * pooledPriorUsageSd(treated, pool);
  const used = new Set<T>();
  const pairs: MatchedPair<T>[] = [];
  let waiting: readonly T[] = treated;
  for (const level of ["practice", "pcn"] as const) {
    const placeOf = (person: T): string | null => (level === "practice" ? person.practiceId : person.pcnId);
    const found = matchWithin(
      waiting,
      pool.filter((person) => !used.has(person)),
      (person) => {
        const place = placeOf(person);
        return place === null ? null : `${place}\u0000${person.stratum}`;
      },
      caliper,
    );
    for (const [person, comparison] of found) {
      used.add(comparison);
      pairs.push({ treated: person, comparison, level });
    }
    waiting = waiting.filter((person) => !found.has(person));
  }
  pairs.sort((a, b) => byId(a.treated, b.treated));
  const samePractice = pairs.filter((pair) => pair.level === "practice").length;
  return { pairs, unmatched: [...waiting].sort(byId), caliper, samePractice, samePcn: pairs.length - samePractice };
}

/** Greedy nearest-neighbour matching within groups of the same key (null: not matchable at this level). */
function matchWithin<T extends MatchCandidate>(
  treated: readonly T[],
  pool: readonly T[],
  keyOf: (person: T) => string | null,
  caliper: number,
): Map<T, T> {
  const groups = new Map<string, { treated: T[]; pool: T[] }>();
  const groupOf = (key: string) => {
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { treated: [], pool: [] }));
    return group;
  };
  for (const person of treated) {
    const key = keyOf(person);
    if (key !== null) groupOf(key).treated.push(person);
  }
  for (const person of pool) {
    const key = keyOf(person);
    if (key !== null && groups.has(key)) groupOf(key).pool.push(person);
  }
  const matched = new Map<T, T>();
  for (const group of groups.values()) matchGroup(group.treated, group.pool, caliper, matched);
  return matched;
}

function matchGroup<T extends MatchCandidate>(treated: T[], pool: T[], caliper: number, matched: Map<T, T>): void {
  if (pool.length === 0) return;
  pool.sort((a, b) => a.priorUsage - b.priorUsage || byId(a, b));
  treated.sort((a, b) => b.priorUsage - a.priorUsage || byId(a, b));
  const available = new AvailableSlots(pool.length);
  const usage = pool.map((person) => person.priorUsage);
  for (const person of treated) {
    const at = lowerBound(usage, person.priorUsage);
    const right = available.atOrAfter(at);
    const left = available.atOrBefore(at - 1);
    const distance = (index: number) => (index < 0 || index >= pool.length ? Infinity : Math.abs(usage[index]! - person.priorUsage));
    // Nearer wins; on a tie the lower usage, which comes first in the pool's order.
    const chosen = distance(left) <= distance(right) ? left : right;
    if (distance(chosen) > caliper) continue;
    available.take(chosen);
    matched.set(person, pool[chosen]!);
  }
}

/** The first index whose value is >= `value` in ascending `values`. */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Slots 0..n-1, each available until taken: the nearest available slot at or after (or at or
 * before) an index, in near-constant amortised time (union-find with path halving).
 */
class AvailableSlots {
  // next[i]: a slot >= i that may be available (n: none); prev[i + 1]: a slot <= i that may be (-1: none).
  readonly #next: Int32Array;
  readonly #prev: Int32Array;

  constructor(size: number) {
    this.#next = Int32Array.from({ length: size + 1 }, (_, index) => index);
    this.#prev = Int32Array.from({ length: size + 1 }, (_, index) => index - 1);
  }

  atOrAfter(index: number): number {
    const next = this.#next;
    let at = index;
    while (next[at]! !== at) {
      next[at] = next[next[at]!]!;
      at = next[at]!;
    }
    return at;
  }

  atOrBefore(index: number): number {
    const prev = this.#prev;
    let at = index + 1;
    while (prev[at]! !== at - 1) {
      prev[at] = prev[prev[at]! + 1]!;
      at = prev[at]! + 1;
    }
    return at - 1;
  }

  take(index: number): void {
    this.#next[index] = index + 1;
    this.#prev[index + 1] = index - 1;
  }
}

function assertFinitePriorUsage(people: readonly MatchCandidate[], label: string): void {
  people.forEach((person, index) => {
    if (!Number.isFinite(person.priorUsage)) {
      throw new RangeError(`${label}[${String(index)}].priorUsage must be a finite number, got ${String(person.priorUsage)}`);
    }
  });
}
