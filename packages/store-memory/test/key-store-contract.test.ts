import { describeKeyStoreContract } from "@linkwork/core/testing";
import { memoryKeyStore } from "@linkwork/store-memory";

describeKeyStoreContract("store-memory", () => Promise.resolve({ keys: memoryKeyStore() }));
