import type { Coding } from "@medplum/fhirtypes";
import { snomedSystem } from "./systems.js";

/**
 * National codes of instrument scores, by `<instrument id>.<score name>` as Linkwork's instruments
 * name them. Scores without a code one can cite (ONS4's four measures, UCLA-3, SWEMWBS raw, licensed
 * instruments) go out as text only; a deployment that holds codes for its own instruments passes them
 * to caseBundle.
 *
 * - `WEMWBS.total`: SNOMED CT 718426000 "Warwick-Edinburgh Mental Well-being Scale score", range
 *   14-70, as a public Mental Health Services Data Set pipeline's reference table of outcome measures
 *   lists it (its current codes; the UK extension's 885541000000103 was the earlier one) and as a
 *   Community Services Data Set assessment-scale check expects it (14-70, no decimals).
 */
export const instrumentScoreCodes: Readonly<Record<string, Coding>> = {
  "WEMWBS.total": { system: snomedSystem, code: "718426000", display: "Warwick-Edinburgh Mental Well-being Scale score" },
};
