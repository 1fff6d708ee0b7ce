import { z } from "zod";
import type { EthnicCategory } from "./person-details.js";

/**
 * The census's high-level ethnic groups that equity reports break figures down by. The NHS ethnic
 * category letters are the 2001 census's 16 categories, and the NHS Data Dictionary lists them under
 * these five headings: White (A-C), Mixed (D-G), Asian or Asian British (H-L), Black or Black British
 * (M, N, P), Other ethnic groups (R Chinese, S any other), with Z "not stated"
 * (https://www.datadictionary.nhs.uk/data_elements/ethnic_category.html; HES's data dictionary gives
 * the same headings per letter, "R = Chinese (other ethnic group)":
 * https://www.hesonline.org.uk/Ease/servlet/ContentServer_siteID-1937-categoryID-571-dirID-110732).
 * Chinese therefore counts as Other here, as in the 2001 census the letters come from (the 2021
 * census moved it under Asian). `not-stated` holds Z, the "not known" default 99, and no record.
 */
export const CensusEthnicGroup = z.enum(["white", "mixed", "asian", "black", "other", "not-stated"]);
export type CensusEthnicGroup = z.infer<typeof CensusEthnicGroup>;

const groupOfCategory: { readonly [Category in EthnicCategory]: CensusEthnicGroup } = {
  A: "white",
  B: "white",
  C: "white",
  D: "mixed",
  E: "mixed",
  F: "mixed",
  G: "mixed",
  H: "asian",
  J: "asian",
  K: "asian",
  L: "asian",
  M: "black",
  N: "black",
  P: "black",
  R: "other",
  S: "other",
  Z: "not-stated",
  "99": "not-stated",
};

/** The census high-level group of an NHS ethnic category; `not-stated` when none is recorded. */
export function censusEthnicGroup(category: EthnicCategory | undefined): CensusEthnicGroup {
  return category === undefined ? "not-stated" : groupOfCategory[category];
}
