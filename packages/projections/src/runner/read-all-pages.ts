import { setImmediate as nextTurn } from "node:timers/promises";
import * as E from "fp-ts/lib/Either.js";
import type { EventFilter, EventStore, GlobalPosition, ReadAllOptions, StoreError } from "@linkwork/core";
import type { ReadAllPage } from "@linkwork/core/store-kit";
import { storeFailed } from "./runner-error.js";
import type { RunnerIntake } from "./runner-intake.js";

/** A read's outcome, settled: a store that throws is rethrown where the read is consumed, as an awaited read would. */
type SettledRead = { readonly page: E.Either<StoreError, ReadAllPage> } | { readonly thrown: unknown };

/** Starts a read whose promise never rejects, so one read ahead and then dropped is never an unhandled rejection. */
function startRead(store: EventStore, options: ReadAllOptions): Promise<SettledRead> {
  try {
    return store.readAll(options).then(
      (page) => ({ page }),
      (thrown: unknown) => ({ thrown }),
    );
  } catch (thrown) {
    return Promise.resolve({ thrown });
  }
}

async function consumed(read: Promise<SettledRead>): Promise<E.Either<StoreError, ReadAllPage>> {
  const settled = await read;
  if ("thrown" in settled) throw settled.thrown;
  return settled.page;
}

/**
 * Pages through a store's global order once, from the intake's position to the end found.
 *
 * Reads one page ahead: the next page's `after` is the current page's last position, known before
 * the page is applied, so that read runs while the projections apply (store I/O, and opening for a
 * sealing store, overlap apply). Its answer is judged exactly as an awaited read's would be, when
 * its turn comes; a read ahead when the run ends is dropped unread.
 */
export async function readAllPages(store: EventStore, filter: EventFilter | undefined, intake: RunnerIntake): Promise<void> {
  let after: GlobalPosition | null = intake.after;
  let next = intake.ending() ? null : startRead(store, readAllOptions(after, filter, intake.batchSize));
  while (next !== null && !intake.ending()) {
    const page = await consumed(next);
    next = null;
    if (E.isLeft(page)) return intake.fail(storeFailed(page.left, "reading the store"));
    const { events, isEnd } = page.right;
    const last = events[events.length - 1];
    if (last !== undefined) {
      if (after !== null && last.position <= after) {
        // Asking again from the same position would get the same page forever.
        const stuck: StoreError = {
          code: "STORE_UNAVAILABLE",
          message: `the store's page after position ${after} ends at ${last.position}: no progress`,
          retryable: false,
        };
        return intake.fail(storeFailed(stuck, "reading the store"));
      }
      after = last.position;
      // No read ahead once stop() was called (or the run failed) while this page was on its way.
      if (!isEnd && !intake.ending()) {
        next = startRead(store, readAllOptions(after, filter, intake.batchSize));
        // Applying a page runs without a break: let the read ahead take its steps first (its key
        // lookups, the post to the opening worker) so it is under way while this page is applied.
        // Without this the sealed runner row stayed at the one-thread cost (0.53x, bench/sealing.ts).
        await nextTurn();
      }
      await intake.deliver(events, null);
    }
    // An empty page is the end even if the store says otherwise: asking again would loop forever.
    if (isEnd || last === undefined) return intake.caughtUp();
  }
}

export function readAllOptions(after: GlobalPosition | null, filter: EventFilter | undefined, maxCount: number): ReadAllOptions {
  if (after === null) return filter === undefined ? { maxCount } : { filter, maxCount };
  return filter === undefined ? { after, maxCount } : { after, filter, maxCount };
}
