import * as E from "fp-ts/lib/Either.js";
import type { EventFilter, EventStore, GlobalPosition, ReadAllOptions, StoreError } from "@linkwork/core";
import { storeFailed } from "./runner-error.js";
import type { RunnerIntake } from "./runner-intake.js";

/** Pages through a store's global order once, from the intake's position to the end found. */
export async function readAllPages(store: EventStore, filter: EventFilter | undefined, intake: RunnerIntake): Promise<void> {
  let after: GlobalPosition | null = intake.after;
  while (!intake.ending()) {
    const page = await store.readAll(readAllOptions(after, filter, intake.batchSize));
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
      await intake.deliver(events, null);
      after = last.position;
    }
    // An empty page is the end even if the store says otherwise: asking again would loop forever.
    if (isEnd || last === undefined) return intake.caughtUp();
  }
}

export function readAllOptions(after: GlobalPosition | null, filter: EventFilter | undefined, maxCount: number): ReadAllOptions {
  if (after === null) return filter === undefined ? { maxCount } : { filter, maxCount };
  return filter === undefined ? { after, maxCount } : { after, filter, maxCount };
}
