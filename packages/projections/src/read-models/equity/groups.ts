import { AgeBand, CensusEthnicGroup, censusEthnicGroup, DecileKey, PersonSex, type EquityFields } from "@linkwork/core/vocabulary";
import type { EventOf } from "@linkwork/core";

/** The equity fields a report splits by, in the order it shows them. */
export const equityFields = ["ageBand", "sex", "ethnicGroup", "deprivationDecile"] as const;
export type EquityField = (typeof equityFields)[number];

/** The group of people whose field the register does not hold (ethnic group: `not-stated`, which holds Z and 99 too). */
export const NOT_RECORDED = "not-recorded";

/** Every group of a field, in order, the unrecorded one last. */
export function groupsOf(field: EquityField): readonly string[] {
  switch (field) {
    case "ageBand":
      return [...AgeBand.options, NOT_RECORDED];
    case "sex":
      return [...PersonSex.options, NOT_RECORDED];
    case "ethnicGroup":
      return CensusEthnicGroup.options;
    case "deprivationDecile":
      return [...DecileKey.options, NOT_RECORDED];
  }
}

/** Whether a group is the field's "not recorded" (or "not stated") one: never called under-reached. */
export function isUnrecorded(field: EquityField, group: string): boolean {
  return field === "ethnicGroup" ? group === "not-stated" : group === NOT_RECORDED;
}

/** A person's group in one field, from their register entry (none: not recorded). */
export function groupOf(field: EquityField, equity: EquityFields | undefined): string {
  switch (field) {
    case "ageBand":
      return equity?.ageBand ?? NOT_RECORDED;
    case "sex":
      return equity?.sex ?? NOT_RECORDED;
    case "ethnicGroup":
      return censusEthnicGroup(equity?.ethnicCategory);
    case "deprivationDecile":
      return equity?.deprivationDecile === undefined ? NOT_RECORDED : String(equity.deprivationDecile);
  }
}

type Composition = EventOf<"PracticeListCompositionRecorded">["data"];

function breakdownOf(field: EquityField, composition: Composition): Readonly<Partial<Record<string, number>>> {
  switch (field) {
    case "ageBand":
      return composition.byAgeBand;
    case "sex":
      return composition.bySex;
    case "ethnicGroup":
      return composition.byEthnicGroup;
    case "deprivationDecile":
      return composition.byDeprivationDecile;
  }
}

/**
 * Patients of a practice's list in a group. The unrecorded group is the rest of the list (for
 * ethnic group, `not-stated` as given plus the patients no group counts).
 */
export function listCount(field: EquityField, composition: Composition, group: string): number {
  const breakdown = breakdownOf(field, composition);
  const counted = Object.values(breakdown).reduce<number>((sum, count) => sum + (count ?? 0), 0);
  const rest = composition.registeredPatients - counted;
  if (isUnrecorded(field, group)) return (breakdown[group] ?? 0) + rest;
  return breakdown[group] ?? 0;
}
