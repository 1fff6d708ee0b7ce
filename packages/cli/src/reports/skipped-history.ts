import { streamCategory, type HistoryProblemCode } from "@linkwork/core";
import type { EventFailure } from "@linkwork/projections";

/**
 * What a replay under `--on-error skip` passed over: the refused lines by problem code, and the
 * streams (cases, people, ...) that lost an event, so the report can say how far to trust it. Ids
 * are counted, never listed: reports are shared.
 */
export interface SkippedHistory {
  /** History lines refused and passed over. */
  readonly lines: number;
  /** Refused lines by problem code, most frequent first. */
  readonly byCode: readonly { readonly code: HistoryProblemCode; readonly lines: number }[];
  /** Streams that lost at least one event, by stream category (`case`, `person`, ...). */
  readonly streams: readonly { readonly category: string; readonly streams: number }[];
  /** Refused lines whose stream could not be read: they may have belonged to any stream. */
  readonly unattributedLines: number;
  /** Events a read model could not apply (a bug, not bad input), passed over. */
  readonly applyFailures: number;
}

/** Tallies the failures of a replay as they come; memory grows with the streams affected, not the lines. */
export function skippedTally(): { readonly add: (failure: EventFailure) => void; readonly summary: () => SkippedHistory | null } {
  let lines = 0;
  let unattributedLines = 0;
  let applyFailures = 0;
  const byCode = new Map<HistoryProblemCode, number>();
  const streams = new Set<string>();
  return {
    add(failure) {
      if (failure.code === "APPLY_FAILED") {
        applyFailures += 1;
        streams.add(failure.streamId);
        return;
      }
      lines += 1;
      byCode.set(failure.problem.code, (byCode.get(failure.problem.code) ?? 0) + 1);
      if (failure.problem.streamId === undefined) unattributedLines += 1;
      else streams.add(failure.problem.streamId);
    },
    summary() {
      if (lines === 0 && applyFailures === 0) return null;
      const byCategory = new Map<string, number>();
      for (const streamId of streams) byCategory.set(streamCategory(streamId), (byCategory.get(streamCategory(streamId)) ?? 0) + 1);
      return {
        lines,
        byCode: [...byCode].map(([code, count]) => ({ code, lines: count })).sort((a, b) => b.lines - a.lines),
        streams: [...byCategory].map(([category, count]) => ({ category, streams: count })).sort((a, b) => b.streams - a.streams),
        unattributedLines,
        applyFailures,
      };
    },
  };
}

const count = (value: number, one: string, many = `${one}s`) => `${value.toLocaleString("en-GB")} ${value === 1 ? one : many}`;

/** The warning every format shows first when a replay skipped anything. */
export function skippedNotice(skipped: SkippedHistory): string {
  const parts: string[] = [];
  if (skipped.lines > 0) {
    const codes = skipped.byCode.map(({ code, lines }) => `${lines.toLocaleString("en-GB")} ${code}`).join(", ");
    parts.push(`${count(skipped.lines, "line")} of the history ${skipped.lines === 1 ? "was" : "were"} refused and skipped (${codes})`);
  }
  if (skipped.applyFailures > 0)
    parts.push(`${count(skipped.applyFailures, "event")} could not be applied and ${skipped.applyFailures === 1 ? "was" : "were"} skipped`);
  const streams = skipped.streams.map(({ category, streams }) => count(streams, `${category} stream`)).join(", ");
  const affected = streams === "" ? "" : `; affected: ${streams}`;
  const unattributed =
    skipped.unattributedLines > 0 ? `, plus ${count(skipped.unattributedLines, "unreadable line")} that may belong to any stream` : "";
  return `Incomplete history: ${parts.join("; ")}${affected}${unattributed}. These figures leave those events out; run \`linkwork validate\` to list every problem.`;
}
