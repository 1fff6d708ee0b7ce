import { snomed } from "@linkwork/core";
import type { ReferralSource } from "@linkwork/core/vocabulary";

/**
 * SNOMED CT "referred by" and "self-referral" concepts, as a referral's UK Core source-of-service-request
 * extension carries them, and the Linkwork referral source each means. Every code and display is
 * from the expansion of https://fhir.hl7.org.uk/ValueSet/UKCore-SourceOfServiceRequest (version
 * 1.2.1, SNOMED CT UK edition 20220119; NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN,
 * valuesets/ValueSet-UKCore-SourceOfServiceRequest.xml), except the two roots, which are
 * `snomed.selfReferral` and `snomed.referredByPerson` in @linkwork/core. Only concepts whose meaning
 * names one Linkwork route are here; the rest of the value set (a nurse, a consultant, family, a
 * carer) could come by more than one route, so an embedder maps them (ReferralSourceRules.bySnomed),
 * and until then such a referral is refused naming the extension. docs/fhir.md has the table.
 */
export const referralSourceBySnomed: Readonly<Record<string, { readonly source: ReferralSource; readonly display: string }>> = {
  "108161000000109": { source: "gp", display: "Referred by general practitioner" },
  "185359002": { source: "gp", display: "Referred by another GP" },
  "2021000124102": { source: "gp", display: "Referred by primary care physician" },
  "276491000": { source: "practice_staff", display: "Referred by member of Primary Health Care Team" },
  "185369008": { source: "pharmacy", display: "Referred by pharmacist" },
  "185360007": { source: "hospital_discharge", display: "Referred by hospital doctor" },
  "1077201000000101": { source: "mental_health", display: "Referred by community mental health nurse" },
  "185365002": { source: "social_care", display: "Referred by social worker" },
  "1991000124105": { source: "self", display: "Referred by self" },
  "310434002": { source: "self", display: "Self-referral to service" },
  [snomed.selfReferral]: { source: "self", display: "Self-referral" },
};

/**
 * An embedder's own rules for routes the national codes do not name: more SNOMED CT codes, and
 * requesting organisations by ODS code (the local authority, the housing association, the police).
 */
export interface ReferralSourceRules {
  /** SNOMED CT code of the source-of-service-request extension -> Linkwork referral source. */
  readonly bySnomed?: Readonly<Record<string, ReferralSource>>;
  /** ODS code of the requesting organisation (`ServiceRequest.requester.identifier`) -> Linkwork referral source. */
  readonly byOrganisation?: Readonly<Record<string, ReferralSource>>;
}

/** The Linkwork source of a SNOMED CT source-of-referral code: the embedder's rule first, then the national table. */
export function sourceOfSnomed(code: string, rules: ReferralSourceRules): ReferralSource | undefined {
  return Object.hasOwn(rules.bySnomed ?? {}, code)
    ? rules.bySnomed?.[code]
    : Object.hasOwn(referralSourceBySnomed, code)
      ? referralSourceBySnomed[code]?.source
      : undefined;
}
