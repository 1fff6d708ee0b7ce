import * as E from "fp-ts/lib/Either.js";
import {
  capacityProjection,
  caseloadProjection,
  communityDemandProjection,
  demandReductionProjection,
  fundingProjection,
  outcomesProjection,
  referralSourcesProjection,
  unmetNeedsProjection,
  type AnyProjection,
} from "../packages/projections/src/index.js";

function ready<P>(projection: E.Either<{ message: string }, P>): P {
  if (E.isLeft(projection)) throw new Error(`bench: a read model refused its default settings: ${projection.left.message}`);
  return projection.right;
}

/** Every read model with its default settings: what the CLI's replay runs. */
export function allReadModels(): AnyProjection[] {
  return [
    ready(caseloadProjection()),
    ready(capacityProjection()),
    ready(demandReductionProjection()),
    ready(outcomesProjection()),
    ready(unmetNeedsProjection()),
    ready(communityDemandProjection()),
    ready(referralSourcesProjection()),
    ready(fundingProjection()),
  ] as AnyProjection[];
}
