/** State of a reference stream: a PCN's list, one link worker's employment, or a list's local codes. */
export interface ReferenceState {
  readonly stage: "none" | "active" | "left";
  readonly fte: number;
  /** The local codes registered in a code list's stream (empty for other streams). */
  readonly codes: ReadonlySet<string>;
  readonly lastOccurredAt: string | null;
}

/** A reference stream before its first event. */
export const initialReferenceState: ReferenceState = { stage: "none", fte: 0, codes: new Set(), lastOccurredAt: null };
