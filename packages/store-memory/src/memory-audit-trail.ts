import * as E from "fp-ts/lib/Either.js";
import {
  auditEntryMatches,
  parseAuditEntry,
  parseAuditQuery,
  parsePurgeBefore,
  type AuditEntry,
  type AuditTrail,
} from "@linkwork/core/authorisation";

/**
 * The audit trail in memory, written plainly: a list in the order recorded. It holds what it is
 * given until `purge` removes it by age, so a long-running service purges on its retention
 * (docs/service.md); a restart loses it, which is why a deployment keeps it in a database.
 */
export function memoryAuditTrail(): AuditTrail {
  let entries: AuditEntry[] = [];
  return {
    record: (entry) => {
      const parsed = parseAuditEntry(entry);
      if (E.isRight(parsed)) entries.push(parsed.right);
      return Promise.resolve(E.map(() => undefined)(parsed));
    },
    entries: (query) => {
      const parsed = parseAuditQuery(query);
      if (E.isLeft(parsed)) return Promise.resolve(parsed);
      const found: AuditEntry[] = [];
      for (const entry of entries) {
        if (found.length >= parsed.right.limit) break;
        if (auditEntryMatches(entry, parsed.right)) found.push({ ...entry });
      }
      return Promise.resolve(E.right(found));
    },
    purge: (before) => {
      const parsed = parsePurgeBefore(before);
      if (E.isLeft(parsed)) return Promise.resolve(parsed);
      const cutoff = Date.parse(parsed.right);
      const kept = entries.filter((entry) => Date.parse(entry.at) >= cutoff);
      const removed = entries.length - kept.length;
      entries = kept;
      return Promise.resolve(E.right({ removed }));
    },
    close: () => Promise.resolve(),
  };
}
