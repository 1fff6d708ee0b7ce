import { NationalNeed } from "@linkwork/core/vocabulary";
import type { HistoryFacts } from "../../projection.js";
import { idNames } from "./id-names.js";
import { caseToJson, foldedToJson } from "./snapshot.js";
import type { UnmetNeedState } from "./state.js";

const national: ReadonlySet<string> = new Set(NationalNeed.options);

/**
 * An unmet-needs state restored from a snapshot, against the history up to the snapshot's position
 * (Projection.checkRestored): every need it holds is national or a local code registered in the need
 * list by then. Paths are the snapshot's JSON fields, naming no code (an unregistered code is exactly
 * the free text that may identify someone): a retained case's by index, the folded tables by name only,
 * since decoding re-sorts their rows.
 * The state names no person (erased unmet needs are held as times only), so erasure has nothing to check.
 */
export function checkRestoredUnmetNeeds(state: UnmetNeedState, history: HistoryFacts): string | null {
  const registered = (need: string) => national.has(need) || history.registeredCodes.need.has(need);
  if ([...state.ids.needs.keys()].every(registered)) return null;
  const problem = "is not a national need category or a local code registered in the history up to the snapshot's position";
  const names = idNames(state);
  let row = 0;
  for (const needs of state.cases.values()) {
    const json = caseToJson(names, needs);
    const at = `cases[${row}][1]`;
    const found =
      firstIndex(json.needs, (need) => need, `${at}.needs`) ??
      firstIndex(json.goals ?? [], ([, need]) => need, `${at}.goals`, "[1]") ??
      firstIndex(json.unmet, ({ need }) => need, `${at}.unmet`, ".need") ??
      firstIndex(json.connections, ([, need]) => need, `${at}.connections`, "[1]") ??
      firstIndex(json.declined, ({ need }) => need, `${at}.declined`, ".need");
    if (found !== null) return `${found}: ${problem}`;
    row += 1;
  }
  const folded = foldedToJson(state, names);
  for (const table of ["unmetNeeds", "cases", "closedWithoutConnection", "declinedByProvider"] as const) {
    const cells: readonly (readonly [string, string, string, ...unknown[]])[] = folded[table];
    if (cells.some((cell) => !registered(cell[2]))) return `folded.${table}: a row's need ${problem}`;
  }
  return `folded.providersNamed: a row's need ${problem}`;

  function firstIndex<Item>(items: readonly Item[], needOf: (item: Item) => string, path: string, within = ""): string | null {
    const index = items.findIndex((item) => !registered(needOf(item)));
    return index === -1 ? null : `${path}[${index}]${within}`;
  }
}
