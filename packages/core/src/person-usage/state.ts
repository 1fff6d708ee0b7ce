/** What decide needs to know about one person's usage stream. */
export interface PersonUsageState {
  readonly comparisonCohort: boolean;
  readonly lastOccurredAt: string | null;
}

/** A person's usage stream before its first event. */
export const initialPersonUsageState: PersonUsageState = { comparisonCohort: false, lastOccurredAt: null };
