import * as E from "fp-ts/lib/Either.js";
import type { EventFilter, EventStore, GlobalPosition, StoreError } from "@linkwork/core";
import { readAllOptions } from "./read-all-pages.js";

const pageSize = 1000;

/**
 * The position of the last event stored after `after` (matching the filter), or null when there is
 * none. The port has no "last position" call, so this pages from `after` to the end: cheap for a
 * runner that is nearly caught up, which is when waitUntilCaughtUp is asked.
 */
export async function storeHead(
  store: EventStore,
  after: GlobalPosition | null,
  filter: EventFilter | undefined,
): Promise<E.Either<StoreError, GlobalPosition | null>> {
  let from = after;
  let head: GlobalPosition | null = null;
  for (;;) {
    const page = await store.readAll(readAllOptions(from, filter, pageSize));
    if (E.isLeft(page)) return page;
    const last = page.right.events[page.right.events.length - 1];
    if (last === undefined) return E.right(head);
    head = last.position;
    from = last.position;
    if (page.right.isEnd) return E.right(head);
  }
}
