import type { EventFilter, EventStore, SubscribeOptions } from "@linkwork/core";
import { storeFailed } from "./runner-error.js";
import type { RunnerIntake } from "./runner-intake.js";

/** Catches up from the intake's position, then stays live until stopped or the store gives up. */
export async function followSubscription(store: EventStore, filter: EventFilter | undefined, intake: RunnerIntake): Promise<void> {
  const subscription = store.subscribe(subscribeOptions(intake, filter));
  intake.onStop(() => subscription.close());
  try {
    for await (const message of subscription) {
      if (intake.ending()) break;
      switch (message.kind) {
        case "events":
          await intake.deliver(message.events, null);
          break;
        case "caught-up":
          await intake.caughtUp();
          break;
        case "failed":
          intake.fail(storeFailed(message.error, "following the store"));
          break;
      }
      if (intake.ending()) break;
    }
  } finally {
    await subscription.close();
  }
}

function subscribeOptions(intake: RunnerIntake, filter: EventFilter | undefined): SubscribeOptions {
  const batchSize = intake.batchSize;
  if (intake.after === null) return filter === undefined ? { batchSize } : { filter, batchSize };
  return filter === undefined ? { after: intake.after, batchSize } : { after: intake.after, filter, batchSize };
}
