import { describeEventStoreContract } from "@linkwork/core/testing";
import { memoryCheckpointStore, memoryEventStore } from "@linkwork/store-memory";

describeEventStoreContract("store-memory", () => Promise.resolve({ store: memoryEventStore(), checkpoints: memoryCheckpointStore() }));
