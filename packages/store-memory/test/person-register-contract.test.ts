import { describePersonRegisterContract } from "@linkwork/core/testing";
import { memoryPersonRegister } from "@linkwork/store-memory";

describePersonRegisterContract("memory person register", () => Promise.resolve({ register: memoryPersonRegister() }));
