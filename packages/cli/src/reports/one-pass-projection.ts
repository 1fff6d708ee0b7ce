import type { Projection } from "@linkwork/projections";

/**
 * A projection for a replay that runs once, start to end: without its codec the runner saves
 * positions only, so no state is ever encoded for a snapshot nobody will resume from.
 */
export function onePass<State>(projection: Projection<State>): Projection<State> {
  const { codec: _unused, ...rest } = projection;
  return rest;
}
