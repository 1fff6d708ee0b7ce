import { type CaseMilestones } from "../shared/case-milestones.js";
import { createRetention, type Retention } from "../shared/retention.js";
import type { CaseloadSettings } from "./settings.js";

interface FollowUp {
  readonly followUpId: string;
  readonly dueOn: string;
  readonly scheduledAt: number;
  completedAt: number | null;
}

interface Holder {
  readonly at: number;
  readonly linkWorkerId: string;
}

/** A case's detail. The lists are absent until their first entry: many cases end with few or none. */
export interface CaseloadCase {
  readonly milestones: CaseMilestones;
  /** Who held the case from when: the accepting link worker, then each reassignment. */
  holders?: Holder[];
  /** When each contact happened: conversations and completed follow-ups, as the policy counts them. */
  contacts?: number[];
  followUps?: FollowUp[];
}

export interface LinkWorkerTenure {
  readonly pcnId: string;
  readonly joinedAt: number;
  leftAt: number | null;
}

/**
 * Every open case and every case that ended within the retention (so a caseload can be asked for as
 * of any instant from the horizon on), and every registered link worker (so one in post with no
 * cases still gets a row).
 */
export interface CaseloadState {
  readonly settings: CaseloadSettings;
  readonly cases: Map<string, CaseloadCase>;
  readonly linkWorkers: Map<string, LinkWorkerTenure>;
  latestOccurredAt: number | null;
  readonly retention: Retention;
}

export function initialState(settings: CaseloadSettings): CaseloadState {
  return { settings, cases: new Map(), linkWorkers: new Map(), latestOccurredAt: null, retention: createRetention(settings.retentionDays) };
}
