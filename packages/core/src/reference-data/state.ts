/** State of a reference stream: a PCN's list or one link worker's employment. */
export interface ReferenceState {
  readonly stage: "none" | "active" | "left";
  readonly fte: number;
  readonly lastOccurredAt: string | null;
}

/** A reference stream before its first event. */
export const initialReferenceState: ReferenceState = { stage: "none", fte: 0, lastOccurredAt: null };
