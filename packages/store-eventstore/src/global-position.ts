import type { GlobalPosition } from "@linkwork/core";
import type { ServerPosition } from "./event-store-client.js";

/**
 * EventStoreDB orders `$all` by (commit, prepare). Events of one transaction (explicit
 * transactions, and multi-event writes of older servers) share the commit position of the
 * transaction's commit record and differ only by their prepare positions, so a Linkwork position
 * keeps both: commit in the high 64 bits, prepare in the low 64. The bigint compares as the pair
 * does. A value below 2^64 is a position written by adapters before both halves were kept (the
 * commit position alone, sent as both halves), and is read back that way, so saved checkpoints
 * still resume where they stopped. Never do arithmetic on positions: only compare them.
 */
export function globalPositionOf(position: ServerPosition): GlobalPosition {
  return (position.commit << 64n) | position.prepare;
}

const lowHalf = (1n << 64n) - 1n;

export function serverPositionOf(position: GlobalPosition): ServerPosition {
  if (position <= lowHalf) return { commit: position, prepare: position };
  return { commit: position >> 64n, prepare: position & lowHalf };
}

/** Negative, equal or positive as `a` is before, at or after `b` in `$all`. */
export function comparePositions(a: ServerPosition, b: ServerPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

/**
 * The unsigned 64-bit maximum, which servers send for "no position": a stream read's events on some
 * versions, and the checkpoint of kurrent-io/KurrentDB#4892 (a filtered subscription going live on a
 * log with no matching event, servers 23.10 to early 24.10). No record can sit there.
 */
export const noPosition = lowHalf;

/** Whether a position from the server can be a record's: neither half is the "no position" value. */
export function isRecordPosition(position: ServerPosition): boolean {
  return position.commit !== noPosition && position.prepare !== noPosition;
}
