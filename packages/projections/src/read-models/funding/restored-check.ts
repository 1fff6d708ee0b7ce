import { NationalNeed } from "@linkwork/core/vocabulary";
import type { HistoryFacts } from "../../projection.js";
import type { FundingState } from "./state.js";

const national: ReadonlySet<string> = new Set(NationalNeed.options);

/**
 * A funding state restored from a snapshot, against the history up to the snapshot's position
 * (Projection.checkRestored): every need it holds (awards, plans, connections, spend, folded cells) is
 * national or a local code registered by then. Paths are the snapshot's JSON fields by index (its
 * arrays keep the state's order), naming no code. The state names no person: erasure has nothing to check.
 */
export function checkRestoredFunding(state: FundingState, history: HistoryFacts): string | null {
  const unregistered = (need: string | null) => need !== null && !national.has(need) && !history.registeredCodes.need.has(need);
  const problem = "is not a national need category or a local code registered in the history up to the snapshot's position";
  let row = 0;
  for (const provider of state.providers.values()) {
    for (const [index, award] of provider.awards.entries()) {
      const need = award.needs.findIndex(unregistered);
      if (need !== -1) return `providers[${row}][1].awards[${index}].needs[${need}]: ${problem}`;
    }
    row += 1;
  }
  row = 0;
  for (const funded of state.cases.values()) {
    const at = `cases[${row}][1]`;
    // The plan as goal id then need, goal after goal: the needs are at odd places.
    const goal = (funded.goals ?? []).findIndex((value, index) => index % 2 === 1 && unregistered(value));
    if (goal !== -1) return `${at}.goals[${goal}]: ${problem}`;
    const connection = (funded.connections ?? []).findIndex((made) => unregistered(made.need));
    if (connection !== -1) return `${at}.connections[${connection}].need: ${problem}`;
    const spend = (funded.spends ?? []).findIndex((spent) => unregistered(spent.need));
    if (spend !== -1) return `${at}.spends[${spend}].need: ${problem}`;
    row += 1;
  }
  row = 0;
  for (const key of state.folded.keys()) {
    // The key is `[month, provider or null, need or null]` as JSON text (the snapshot's schema checked it).
    const need = (JSON.parse(key) as readonly [string, string | null, string | null])[2];
    if (unregistered(need)) return `folded[${row}][0]: ${problem}`;
    row += 1;
  }
  return null;
}
