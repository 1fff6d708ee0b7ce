import type { AnyProjection } from "../../src/index.js";
import {
  capacityProjection,
  caseloadProjection,
  communityDemandProjection,
  demandReductionProjection,
  equityProjection,
  gpRecordOutboxProjection,
  fundingProjection,
  outcomesProjection,
  referralSourcesProjection,
  unmetNeedsProjection,
} from "../../src/index.js";
import { right } from "../read-models/read-model-history.js";

/** Every read model with one retention: what the parallel replay test's workers build (by this module's URL). */
export function everyReadModel(retentionDays: number | "all"): AnyProjection[] {
  return [
    right(caseloadProjection({ retentionDays })),
    right(capacityProjection({ retentionDays })),
    right(demandReductionProjection({ retentionDays })),
    right(outcomesProjection({ retentionDays })),
    right(unmetNeedsProjection({ retentionDays })),
    right(communityDemandProjection({ retentionDays })),
    right(referralSourcesProjection({ retentionDays })),
    right(equityProjection({ demandReduction: { retentionDays } })),
    right(gpRecordOutboxProjection()),
    right(fundingProjection({ retentionDays })),
  ] as AnyProjection[];
}
