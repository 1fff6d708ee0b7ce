import type { Patient, Reference } from "@medplum/fhirtypes";
import { nhsNumberSystem, type LinkworkSystems } from "../coding/systems.js";

/**
 * The person as resources name them: by the pseudonym the register issued, or by NHS number only
 * when the caller resolved it (a GP system files by NHS number; Linkwork's history never holds one).
 */
export function personReference(personId: string, systems: LinkworkSystems, nhsNumber: string | undefined): Reference<Patient> {
  return nhsNumber === undefined
    ? { type: "Patient", identifier: { system: systems.person, value: personId } }
    : { type: "Patient", identifier: { system: nhsNumberSystem, value: nhsNumber } };
}
