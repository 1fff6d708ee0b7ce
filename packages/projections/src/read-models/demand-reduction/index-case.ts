import { z } from "zod";
import type { DayNumber } from "./usage-window.js";

/** Which day anchors a referred person's windows. Comparison people always use their enrolment's indexDate. */
export const IndexDateChoice = z.enum(["referral", "acceptance", "first_contact"]);
export type IndexDateChoice = z.infer<typeof IndexDateChoice>;

/**
 * A referred person's index case for one choice: of their cases that reached the chosen step, the
 * one that reached it first (ties by case id), with what the engaged and completed groups ask of it.
 */
export interface IndexCase {
  readonly caseId: string;
  readonly day: DayNumber;
  readonly engaged: boolean;
  readonly completed: boolean;
}

/** Whether a case reaching the index step on `day` is chosen over `current`: an earlier day, ties by case id. */
export function chosenOver(day: DayNumber, caseId: string, current: IndexCase | null): boolean {
  return current === null || day < current.day || (day === current.day && caseId < current.caseId);
}

/**
 * A person's folded cases (ended before the retention horizon) reduced to their index-case
 * candidates: per choice, the one that reached the step first, or none. Every event of a folded case
 * is before any report the read model still answers, so it counts for every such report, its steps
 * need only their days and engaged and completed are settled; of several, only the first can be
 * chosen. One flat object per person, not one per case or per choice: there is one per person in
 * the population.
 */
export interface FoldedIndexCases {
  referralCaseId: string | null;
  referralDay: DayNumber;
  referralOutcome: number;
  acceptanceCaseId: string | null;
  acceptanceDay: DayNumber;
  acceptanceOutcome: number;
  firstContactCaseId: string | null;
  firstContactDay: DayNumber;
  firstContactOutcome: number;
}

// Outcome bits of a folded candidate.
const ENGAGED = 1;
const COMPLETED = 2;

export function noFoldedIndexCases(): FoldedIndexCases {
  return {
    referralCaseId: null,
    referralDay: 0,
    referralOutcome: 0,
    acceptanceCaseId: null,
    acceptanceDay: 0,
    acceptanceOutcome: 0,
    firstContactCaseId: null,
    firstContactDay: 0,
    firstContactOutcome: 0,
  };
}

function indexCase(caseId: string | null, day: DayNumber, outcome: number): IndexCase | null {
  return caseId === null ? null : { caseId, day, engaged: (outcome & ENGAGED) !== 0, completed: (outcome & COMPLETED) !== 0 };
}

/** The folded candidate for a choice, or null when no folded case reached the step. */
export function foldedIndexCase(folded: FoldedIndexCases, choice: IndexDateChoice): IndexCase | null {
  switch (choice) {
    case "referral":
      return indexCase(folded.referralCaseId, folded.referralDay, folded.referralOutcome);
    case "acceptance":
      return indexCase(folded.acceptanceCaseId, folded.acceptanceDay, folded.acceptanceOutcome);
    case "first_contact":
      return indexCase(folded.firstContactCaseId, folded.firstContactDay, folded.firstContactOutcome);
  }
}

/** Folds one more case's candidate for a choice in place: it replaces the current one if chosen over it. */
export function foldIndexCase(folded: FoldedIndexCases, choice: IndexDateChoice, candidate: IndexCase): void {
  if (!chosenOver(candidate.day, candidate.caseId, foldedIndexCase(folded, choice))) return;
  const outcome = (candidate.engaged ? ENGAGED : 0) | (candidate.completed ? COMPLETED : 0);
  switch (choice) {
    case "referral":
      folded.referralCaseId = candidate.caseId;
      folded.referralDay = candidate.day;
      folded.referralOutcome = outcome;
      return;
    case "acceptance":
      folded.acceptanceCaseId = candidate.caseId;
      folded.acceptanceDay = candidate.day;
      folded.acceptanceOutcome = outcome;
      return;
    case "first_contact":
      folded.firstContactCaseId = candidate.caseId;
      folded.firstContactDay = candidate.day;
      folded.firstContactOutcome = outcome;
      return;
  }
}

/** The latest index day the folded candidates allow, or null when some choice has no candidate (any day remains possible). */
export function latestFoldedIndexDay(folded: FoldedIndexCases): DayNumber | null {
  let latest = -Infinity;
  for (const choice of IndexDateChoice.options) {
    const candidate = foldedIndexCase(folded, choice);
    if (candidate === null) return null;
    latest = Math.max(latest, candidate.day);
  }
  return latest;
}

const IndexCaseJson = z.object({ caseId: z.string(), day: z.number().int(), engaged: z.boolean(), completed: z.boolean() });

/** The snapshot form: per choice, the candidate or null. */
export const FoldedIndexCasesJson = z.object({
  referral: IndexCaseJson.nullable(),
  acceptance: IndexCaseJson.nullable(),
  first_contact: IndexCaseJson.nullable(),
});
export type FoldedIndexCasesJson = z.infer<typeof FoldedIndexCasesJson>;

export function foldedIndexCasesJson(folded: FoldedIndexCases): FoldedIndexCasesJson {
  return {
    referral: foldedIndexCase(folded, "referral"),
    acceptance: foldedIndexCase(folded, "acceptance"),
    first_contact: foldedIndexCase(folded, "first_contact"),
  };
}

export function foldedIndexCasesOfJson(json: FoldedIndexCasesJson): FoldedIndexCases {
  const folded = noFoldedIndexCases();
  // One string per case id, as when folding: a case is often the candidate of every choice.
  const caseIds = new Map<string, string>();
  for (const choice of IndexDateChoice.options) {
    const candidate = json[choice];
    if (candidate === null) continue;
    const caseId = caseIds.get(candidate.caseId) ?? candidate.caseId;
    caseIds.set(caseId, caseId);
    foldIndexCase(folded, choice, { ...candidate, caseId });
  }
  return folded;
}
