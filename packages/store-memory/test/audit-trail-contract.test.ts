import { describeAuditTrailContract } from "@linkwork/core/testing";
import { memoryAuditTrail } from "@linkwork/store-memory";

describeAuditTrailContract("store-memory", () => Promise.resolve({ trail: memoryAuditTrail() }));
