import type { GlobalPosition, RecordedEvent, StoreError } from "@linkwork/core";
import { eventMatch, largestReadPage } from "@linkwork/core/store-kit";
import type { PostgresConnection } from "../connection/postgres-connection.js";
import { eventColumns, recordedOf } from "./event-rows.js";

/** A filter as SQL parameters: null takes everything. */
export interface SqlFilter {
  readonly categories: readonly string[] | null;
  readonly eventTypes: readonly string[] | null;
}

/** A filter checked by the core and turned into SQL parameters. */
export function sqlFilter(filter: unknown, path: string): SqlFilter | StoreError {
  const checked = eventMatch(filter, path);
  if ("error" in checked) return checked.error;
  if (checked.match === null) return { categories: null, eventTypes: null };
  const given = filter as { readonly categories?: readonly string[]; readonly eventTypes?: readonly string[] };
  return { categories: given.categories ?? null, eventTypes: given.eventTypes ?? null };
}

/** One read of the global order after a position. */
export interface GlobalPage {
  /** Visible events, in order, at most the number asked. */
  readonly events: readonly RecordedEvent[];
  /** More events (visible ones) follow the page. */
  readonly more: boolean;
  /**
   * Committed events follow that may not be read yet: a transaction older than theirs is still
   * open and may yet commit events before them in the global order.
   */
  readonly blocked: boolean;
}

/** The largest position PostgreSQL's bigint holds; nothing can follow it. */
const maxPosition = 2n ** 63n - 1n;

/**
 * The visibility rule (docs/storage.md, "PostgreSQL"). Positions are transaction id * 65,536 +
 * index, and every transaction with an id below `pg_snapshot_xmin(pg_current_snapshot())` has
 * ended, so no event can ever appear below `horizon = xmin * 65,536`: events there are final and
 * may be read. Events at or past it are held back, as a prefix is all a reader may take.
 * One query: the rows after `after` that the filter takes, each marked visible or not; the page is
 * the visible prefix, and the first row that is not visible stops it.
 */
export async function readGlobalPage(
  connection: PostgresConnection,
  after: GlobalPosition,
  maxCount: number,
  filter: SqlFilter,
): Promise<GlobalPage> {
  if (after >= maxPosition) return { events: [], more: false, blocked: false };
  const limit = Math.min(maxCount, largestReadPage);
  const { events: table } = connection.names;
  const rows = await connection.client.query(
    `SELECT ${eventColumns}, e.global_position < h.horizon AS visible
       FROM ${table} e, (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint * 65536 AS horizon) h
      WHERE e.global_position > $1
        AND ($3::text[] IS NULL OR e.category = ANY ($3::text[]))
        AND ($4::text[] IS NULL OR e.type = ANY ($4::text[]))
      ORDER BY e.global_position
      LIMIT $2`,
    [after.toString(), limit + 1, filter.categories, filter.eventTypes],
    `${connection.names.schema}.read_all`,
  );
  const events: RecordedEvent[] = [];
  for (const row of rows) {
    if (row["visible"] !== true) return { events, more: false, blocked: true };
    if (events.length === limit) return { events, more: true, blocked: false };
    events.push(recordedOf(row));
  }
  return { events, more: false, blocked: false };
}
