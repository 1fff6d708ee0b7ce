import * as E from "fp-ts/lib/Either.js";
import { z } from "zod";
import { OpaqueId, validationFailed, type DomainError } from "@linkwork/core";
import type { GpRecordCoding, GpRecordDetail, GpRecordEntryKind } from "@linkwork/core/gp-record";
import { compareText } from "../shared/partition-merge.js";
import { sendable } from "./apply.js";
import type { GpRecordOutboxState } from "./state.js";

export const GpRecordOutboxOptions = z.strictObject({
  /** Only entries for this GP practice's system (its ODS code). */
  practiceId: OpaqueId.optional(),
  /** The most entries one answer gives; a drain acknowledges them and asks again. */
  limit: z.number().int().min(1).max(10_000).default(100),
  /**
   * Whether a person was erased since the outbox was built: their entries are left out (not given, not
   * counted). The read model learns of an erasure only when rebuilt, since erasure writes no event.
   */
  erased: z.custom<(personId: string) => boolean>((value) => typeof value === "function", "must be a function").optional(),
});
export type GpRecordOutboxOptions = z.input<typeof GpRecordOutboxOptions>;

/** One entry to write to a GP system, with the consent that allows what it carries. */
export interface GpRecordOutboxEntry {
  readonly entryId: string;
  readonly caseId: string;
  /** The person's pseudonym: the person register turns it into the NHS number the GP system files under. */
  readonly personId: string;
  readonly practiceId: string;
  readonly pcnId: string;
  readonly kind: GpRecordEntryKind;
  readonly snomedCode: string | null;
  readonly term: string;
  readonly occurredAt: string;
  /**
   * `summary`: the person agreed to share the outcome, so the entry carries its detail;
   * `codes_only`: they did not, so it carries its code and nothing more.
   */
  readonly sharing: "summary" | "codes_only";
  /** The detail (scores, needs, support, reasons); null when codes only. */
  readonly detail: GpRecordDetail | null;
}

export interface GpRecordOutbox {
  /** The oldest entries not yet acknowledged, at most `limit`, ordered by occurredAt, then case, then entry. */
  readonly entries: readonly GpRecordOutboxEntry[];
  /** Entries not yet acknowledged beyond those given. */
  readonly remaining: number;
}

function compareEntries(a: GpRecordOutboxEntry, b: GpRecordOutboxEntry): number {
  return compareText(a.occurredAt, b.occurredAt) || compareText(a.caseId, b.caseId) || compareText(a.entryId, b.entryId);
}

function outboxEntry(
  caseId: string,
  outboxCase: { personId: string; practiceId: string; pcnId: string; shareOutcome: boolean },
  coding: GpRecordCoding,
): GpRecordOutboxEntry {
  const summary = outboxCase.shareOutcome;
  return {
    entryId: coding.entryId,
    caseId,
    personId: outboxCase.personId,
    practiceId: outboxCase.practiceId,
    pcnId: outboxCase.pcnId,
    kind: coding.kind,
    snomedCode: coding.snomedCode,
    term: coding.term,
    occurredAt: coding.occurredAt,
    sharing: summary ? "summary" : "codes_only",
    detail: summary ? coding.detail : null,
  };
}

/**
 * The entries a GP system should hold and has not acknowledged: what an embedder drains to EMIS or
 * SystmOne, then acknowledges with AcknowledgeGpRecordEntries. An erased person's entries (erased
 * when the outbox was built, or named by `erased`), and uncoded entries of people who did not
 * consent to sharing, are never given.
 */
export function gpRecordOutbox(state: GpRecordOutboxState, options: GpRecordOutboxOptions = {}): E.Either<DomainError, GpRecordOutbox> {
  const parsed = GpRecordOutboxOptions.safeParse(options);
  if (!parsed.success) return E.left(validationFailed("GP record outbox options", parsed.error));
  const { practiceId, limit, erased } = parsed.data;
  const entries: GpRecordOutboxEntry[] = [];
  for (const [caseId, outboxCase] of state.cases) {
    if (practiceId !== undefined && outboxCase.practiceId !== practiceId) continue;
    if (erased?.(outboxCase.personId) === true) continue;
    for (const coding of outboxCase.pending.values()) {
      if (sendable(coding, outboxCase)) entries.push(outboxEntry(caseId, outboxCase, coding));
    }
  }
  entries.sort(compareEntries);
  return E.right({ entries: entries.slice(0, limit), remaining: Math.max(0, entries.length - limit) });
}

/** Entries waiting for one practice's system, of one kind and sharing. */
export interface GpRecordOutboxSummaryRow {
  readonly practiceId: string;
  readonly kind: GpRecordEntryKind;
  readonly snomedCode: string | null;
  readonly sharing: "summary" | "codes_only";
  readonly entries: number;
}

/** What is waiting to be sent, counted (no person, case or entry named): for reports. */
export interface GpRecordOutboxSummary {
  /** The latest event's instant, or null before any. */
  readonly asOf: string | null;
  readonly entries: number;
  /** By practice, kind and sharing, in that order; only groups with entries. */
  readonly rows: readonly GpRecordOutboxSummaryRow[];
}

/** The entries the outbox would give, counted by practice, kind and sharing. */
export function gpRecordOutboxSummary(state: GpRecordOutboxState): GpRecordOutboxSummary {
  const counts = new Map<string, GpRecordOutboxSummaryRow>();
  for (const outboxCase of state.cases.values()) {
    for (const coding of outboxCase.pending.values()) {
      if (!sendable(coding, outboxCase)) continue;
      const sharing = outboxCase.shareOutcome ? "summary" : "codes_only";
      const key = `${outboxCase.practiceId}\u0000${coding.kind}\u0000${sharing}`;
      const row = counts.get(key);
      counts.set(key, {
        practiceId: outboxCase.practiceId,
        kind: coding.kind,
        snomedCode: coding.snomedCode,
        sharing,
        entries: (row?.entries ?? 0) + 1,
      });
    }
  }
  const rows = [...counts.values()].sort(
    (a, b) => compareText(a.practiceId, b.practiceId) || compareText(a.kind, b.kind) || compareText(a.sharing, b.sharing),
  );
  return {
    asOf: state.latestOccurredAt === null ? null : new Date(state.latestOccurredAt).toISOString(),
    entries: rows.reduce((sum, row) => sum + row.entries, 0),
    rows,
  };
}
