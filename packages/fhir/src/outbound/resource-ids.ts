import { v5 as uuidv5 } from "uuid";

// Ids of the resources a case's Bundle holds. A Task's id is its case id made a FHIR id (which allows
// letters, digits, `-` and `.`, up to 64: http://hl7.org/fhir/R4/datatypes.html#id): Linkwork's
// `case_<token>` becomes `case-<token>`, and UUIDs stay as they are. Entries get `urn:uuid:` full URLs
// derived from the event they show, so the same history always gives the same Bundle.

/** The namespace of Linkwork's derived entry UUIDs (a fixed random UUID, Linkwork's own). */
const entryNamespace = "3f9d3c1e-5b7a-4c3e-9a51-0d6f2b8e4a17";

/** The FHIR id of a case's Task. */
export function taskIdOfCase(caseId: string): string {
  return caseId.startsWith("case_") ? `case-${caseId.slice("case_".length)}` : caseId;
}

/** The case id of a Task id (the inverse of taskIdOfCase), for `GET /fhir/Task/:id`. */
export function caseIdOfTask(taskId: string): string {
  return taskId.startsWith("case-") ? `case_${taskId.slice("case-".length)}` : taskId;
}

/** A Bundle entry's full URL, derived from the event it shows and what of it (a score name, say). */
export function entryUrl(eventId: string, part: string): string {
  return `urn:uuid:${uuidv5(`${eventId}/${part}`, entryNamespace)}`;
}
