import { dataKeys, newKeyEncryptionKey, sealingEventStore } from "@linkwork/core/personal-data";
import { describeEventStoreContract } from "@linkwork/core/testing";
import { memoryCheckpointStore, memoryEventStore, memoryKeyStore } from "@linkwork/store-memory";

// The sealing decorator is an event store: over store-memory it passes the whole contract. The
// contract's case streams start mid-case (no referral), so their person comes from personOfCase.
describeEventStoreContract("sealing over store-memory", () =>
  Promise.resolve({
    store: sealingEventStore(memoryEventStore(), dataKeys(memoryKeyStore(), { current: newKeyEncryptionKey("kek-1") }), {
      personOfCase: () => Promise.resolve("person_x1"),
    }),
    checkpoints: memoryCheckpointStore(),
  }),
);
