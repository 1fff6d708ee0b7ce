import { intern, internedIdList, internedIds, type InternedIds } from "../shared/interned-ids.js";
import { monthlyTallies } from "../shared/monthly-tallies.js";
import { advanceClock, compareText, mergedLatest, mergedRetention, sortedIds } from "../shared/partition-merge.js";
import { fold } from "./apply.js";
import {
  type CaseNeeds,
  CONNECTION_WIDTH,
  COUNTERS,
  NEED_KEYS,
  NO_PROVIDER,
  PROVIDER_KEYS,
  UNMET_WIDTH,
  type UnmetNeedState,
} from "./state.js";

/** A partition's numbers to the merged state's, one array per kind of id. */
interface Renumbering {
  readonly pcns: readonly number[];
  readonly needs: readonly number[];
  readonly providers: readonly number[];
}

const renumber = (from: InternedIds, to: InternedIds): number[] => internedIdList(from).map((id) => intern(to, id));

/**
 * Unmet needs of a history split by person, from its partitions' states (shared/partition-merge.ts):
 * retained cases are each in one partition; folded counters add up per month and (PCN, need) pair,
 * and a provider named for a pair keeps its latest month. PCNs, needs, providers and pairs are
 * renumbered in sorted order, and each month's grid is sized exactly.
 */
export function mergeUnmetNeeds(states: readonly UnmetNeedState[]): UnmetNeedState {
  const ids = {
    pcns: internedIds(sortedIds(states.map((state) => state.ids.pcns.keys()))),
    needs: internedIds(sortedIds(states.map((state) => state.ids.needs.keys()))),
    providers: internedIds(sortedIds(states.map((state) => state.ids.providers.keys()))),
  };
  const numbers: Renumbering[] = states.map((state) => ({
    pcns: renumber(state.ids.pcns, ids.pcns),
    needs: renumber(state.ids.needs, ids.needs),
    providers: renumber(state.ids.providers, ids.providers),
  }));

  const cases = new Map<string, CaseNeeds>();
  states.forEach((state, index) => {
    for (const [caseId, needs] of state.cases) if (!cases.has(caseId)) cases.set(caseId, renumberedCase(needs, numbers[index]!));
  });

  // Pairs as (PCN id, need id), numbered in sorted order.
  const pcnNames = internedIdList(ids.pcns);
  const needNames = internedIdList(ids.needs);
  const pairKeys = new Set<number>();
  const pairOf = states.map((state, index) =>
    internedIdList(state.folded.pairs).map((packed) => {
      const need = packed % NEED_KEYS;
      const key = numbers[index]!.pcns[(packed - need) / NEED_KEYS]! * NEED_KEYS + numbers[index]!.needs[need]!;
      pairKeys.add(key);
      return key;
    }),
  );
  const sortedPairs = [...pairKeys].sort((a, b) => {
    const needA = a % NEED_KEYS;
    const needB = b % NEED_KEYS;
    return (
      compareText(pcnNames[(a - needA) / NEED_KEYS]!, pcnNames[(b - needB) / NEED_KEYS]!) ||
      compareText(needNames[needA]!, needNames[needB]!)
    );
  });
  const pairs = internedIds<number>(sortedPairs);
  const cellOf = pairOf.map((keys) => keys.map((key) => pairs.get(key)!));

  const width = pairs.size * COUNTERS;
  const grids = new Map<string, Int32Array>();
  const providersNamed = new Map<number, number>();
  states.forEach((state, index) => {
    const cells = cellOf[index]!;
    for (const [month, grid] of state.folded.tallies.months) {
      let into = grids.get(month);
      if (into === undefined) {
        into = new Int32Array(width);
        grids.set(month, into);
      }
      for (let cell = 0; cell < cells.length && cell * COUNTERS < grid.length; cell += 1) {
        const target = cells[cell]! * COUNTERS;
        for (let counter = 0; counter < COUNTERS; counter += 1)
          into[target + counter] = (into[target + counter] ?? 0) + (grid[cell * COUNTERS + counter] ?? 0);
      }
    }
    for (const [key, month] of state.folded.providersNamed) {
      const provider = key % PROVIDER_KEYS;
      const merged = cells[(key - provider) / PROVIDER_KEYS]! * PROVIDER_KEYS + numbers[index]!.providers[provider]!;
      const held = providersNamed.get(merged);
      if (held === undefined || held < month) providersNamed.set(merged, month);
    }
  });
  const tallies = monthlyTallies(COUNTERS);
  for (const [month, grid] of [...grids].sort(([a], [b]) => compareText(a, b))) tallies.months.set(month, grid);

  return {
    cases: new Map([...cases].sort(([a], [b]) => compareText(a, b))),
    ids,
    folded: { pairs, tallies, providersNamed: new Map([...providersNamed].sort(([a], [b]) => a - b)) },
    // Erased unmet needs add up per PCN and month (keyed by ids, so nothing to renumber), keys in order.
    foldedErased: new Map(
      [
        ...states.reduce((sum, state) => {
          for (const [key, count] of state.foldedErased) sum.set(key, (sum.get(key) ?? 0) + count);
          return sum;
        }, new Map<string, number>()),
      ].sort(([a], [b]) => compareText(a, b)),
    ),
    retention: mergedRetention(states.map((state) => state.retention)),
    latestOccurredAt: mergedLatest(states),
  };
}

function renumberedCase(needs: CaseNeeds, numbers: Renumbering): CaseNeeds {
  const need = (number: number): number => numbers.needs[number] ?? number;
  return {
    ...needs,
    pcn: numbers.pcns[needs.pcn] ?? needs.pcn,
    needs: needs.needs.map(need),
    goals: needs.goals === null ? null : needs.goals.map((value, at) => (at % 2 === 1 ? need(value as number) : value)),
    unmet:
      needs.unmet === null
        ? null
        : needs.unmet.map((value, at) => {
            switch (at % UNMET_WIDTH) {
              case 1:
                return need(value);
              case 3:
                return value === NO_PROVIDER ? value : (numbers.providers[value] ?? value);
              default:
                return value;
            }
          }),
    connections:
      needs.connections === null
        ? null
        : needs.connections.map((value, at) => {
            switch (at % CONNECTION_WIDTH) {
              case 1:
                return need(value as number);
              case 2:
                return numbers.providers[value as number] ?? value;
              default:
                return value;
            }
          }),
    declined:
      needs.declined === null
        ? null
        : needs.declined.map((value, at) => {
            switch (at % UNMET_WIDTH) {
              case 1:
                return need(value);
              case 3:
                return numbers.providers[value] ?? value;
              default:
                return value;
            }
          }),
  };
}

/** Another partition's event at `at`: the clock moves on, and cases it passes are folded. */
export function advanceUnmetNeedsClock(state: UnmetNeedState, at: number): void {
  advanceClock(state, at, fold);
}
