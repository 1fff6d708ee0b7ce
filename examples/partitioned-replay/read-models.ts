// The read models every consumer of examples/partitioned-replay runs, and the figures the merge prints.
// Consumers and the merge must build the same read models with the same settings, in the same order.
import * as E from "fp-ts/lib/Either.js";
import {
  capacityProjection,
  caseloadByPcn,
  caseloadProjection,
  communityDemandProjection,
  demandReductionProjection,
  outcomesProjection,
  referralSourceMix,
  referralSourcesProjection,
  unmetNeedsByMonth,
  unmetNeedsProjection,
  type AnyProjection,
  type Projection,
} from "@linkwork/projections";

function ready<P>(projection: E.Either<{ readonly message: string }, P>): P {
  if (E.isLeft(projection)) throw new Error(`a read model refused its default settings: ${projection.left.message}`);
  return projection.right;
}

/** Every read model at its default settings, as `linkwork replay` runs them. */
export function partitionedReadModels() {
  const caseload = ready(caseloadProjection());
  const unmetNeeds = ready(unmetNeedsProjection());
  const referralSources = ready(referralSourcesProjection());
  const all: AnyProjection[] = [
    caseload,
    ready(capacityProjection()),
    ready(demandReductionProjection()),
    ready(outcomesProjection()),
    unmetNeeds,
    ready(communityDemandProjection()),
    referralSources,
  ];
  return { all, caseload, unmetNeeds, referralSources };
}

/** A read model's state among `states` (in the order of `all`), by the projection's identity. */
function stateOf<State>(projection: Projection<State>, all: readonly AnyProjection[], states: readonly unknown[]): State {
  const at = all.indexOf(projection);
  if (at === -1) throw new RangeError(`${projection.name} is not among the read models`);
  return states[at] as State;
}

/** Some of the reports, as plain data: what `merge.ts` prints and its test compares with a one-pass replay. */
export function figures(models: ReturnType<typeof partitionedReadModels>, states: readonly unknown[]): unknown {
  const { all } = models;
  return {
    caseloadByPcn: caseloadByPcn(stateOf(models.caseload, all, states)),
    unmetNeedsByMonth: unmetNeedsByMonth(stateOf(models.unmetNeeds, all, states)),
    referralSourceMix: referralSourceMix(stateOf(models.referralSources, all, states)),
  };
}
