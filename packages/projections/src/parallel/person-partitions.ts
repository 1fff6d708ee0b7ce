import type { RecordedEvent } from "@linkwork/core";
import { streamEntity } from "../read-models/shared/stream-entity.js";

/** Where an event goes: one partition's number, or every partition (reference data: PCNs, link workers). */
export type PartitionRoute = number | "every";

/** Routes events to partitions by person; learns which partition each case is in from its referral. */
export interface PersonPartitioner {
  readonly partitions: number;
  route(recorded: RecordedEvent): PartitionRoute;
  /** The same route from an event's stream and, for a ReferralReceived, its person (null for any other type), as a line scan reads them. */
  routeKeys(streamId: string, referredPersonId: string | null): PartitionRoute;
}

/**
 * A partitioner that keeps every event of a person together: their person stream's and their case
 * streams'. A case stream names no person, so the partition of each case is learned from its
 * ReferralReceived (the first event of every case stream): one small number per case, so memory is
 * bounded by the cases of the history, not its events. A case event with no referral before it
 * (a history cut mid-case) goes to partition 0, so no two partitions count it. `casePartitions` is
 * the map it learns into: a resumed consumer (partition-consumer.ts) passes the one it saved.
 */
export function personPartitioner(
  partitions: number,
  partitionOf: (personId: string) => number = hashedPartition(partitions),
  casePartitions: Map<string, number> = new Map(),
): PersonPartitioner {
  if (!Number.isSafeInteger(partitions) || partitions < 1)
    throw new RangeError(`partitions must be a positive integer, got ${String(partitions)}`);
  const routeKeys = (streamId: string, referredPersonId: string | null): PartitionRoute => {
    if (streamId.startsWith("case-")) {
      const caseId = streamEntity(streamId);
      if (referredPersonId !== null) {
        const known = casePartitions.get(caseId);
        if (known !== undefined) return known;
        const partition = partitionOf(referredPersonId);
        casePartitions.set(caseId, partition);
        return partition;
      }
      return casePartitions.get(caseId) ?? 0;
    }
    if (streamId.startsWith("person-")) return partitionOf(streamEntity(streamId));
    return "every";
  };
  return {
    partitions,
    route: ({ streamId, event }) => routeKeys(streamId, event.type === "ReferralReceived" ? event.data.personId : null),
    routeKeys,
  };
}

/**
 * Partition by a 32-bit FNV-1a hash of the person id: fixed for a person whatever the history, and
 * spread evenly over opaque ids. (FNV-1a: http://www.isthe.com/chongo/tech/comp/fnv/index.html)
 */
export function hashedPartition(partitions: number): (personId: string) => number {
  return (personId) => {
    let hash = 0x811c9dc5;
    for (let index = 0; index < personId.length; index += 1) {
      hash ^= personId.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash % partitions;
  };
}
