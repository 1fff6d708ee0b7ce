import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./service-client.js";
import { people, startTestService, type TestService } from "./test-service.js";

// Every read of the person register over HTTP is in the audit trail (issue 18): a look-up, found or
// not, a look-up the authoriser refused, and a registration refused as ALREADY_REGISTERED (its answer
// names the person). The trail names the pseudonym found, never the NHS number asked for.

const serverNow = "2025-03-03T09:00:00.000Z";
let running: TestService;
let worker: Client;
let manager: Client;
let admin: Client;

const jane = {
  nhsNumber: "9434765919",
  name: { given: "Jane", family: "Smith" },
  dateOfBirth: "1950-01-01",
  contact: { phone: "07700 900123" },
  equity: { ageBand: "75-84", sex: "2", ethnicCategory: "A", deprivationDecile: 3 },
};

/** The register reads in the trail (what the administrator reads over HTTP). */
const registerReads = async (): Promise<unknown[]> => {
  const { status, body } = await admin.get("/audit?limit=10000");
  expect(status).toBe(200);
  expect(JSON.stringify(body)).not.toContain("9434765919");
  expect(JSON.stringify(body)).not.toContain("4010232137");
  return (body.entries as { action: string }[]).filter((entry) => entry.action === "lookupPerson");
};

beforeAll(async () => {
  running = await startTestService({ clock: () => new Date(serverNow) });
  worker = await running.as(people.workerA);
  manager = await running.as(people.managerA);
  admin = await running.as(people.admin);
});

afterAll(async () => {
  await running.close();
});

describe("reads of the person register over HTTP", () => {
  let personId = "";
  const byWorker = { at: serverNow, who: "lw_ana1", role: "linkWorker", pcnId: "U00009", action: "lookupPerson" };

  it("registering a person reads nothing: no register read is audited", async () => {
    const registered = await worker.post("/people", jane);
    expect(registered.status).toBe(201);
    personId = registered.body.personId;
    expect(await registerReads()).toEqual([]);
  });

  it("a look-up leaves an entry naming the person's pseudonym, and one that finds nobody an entry naming none", async () => {
    expect((await worker.post("/people/lookup", { nhsNumber: "9434765919" })).status).toBe(200);
    expect((await worker.post("/people/lookup", { nhsNumber: "4010232137" })).status).toBe(404);
    expect(await registerReads()).toEqual([
      { ...byWorker, personId, allowed: true },
      { ...byWorker, personId: null, allowed: true },
    ]);
    const { body } = await admin.get(`/audit?personId=${personId}`);
    expect(body.entries).toEqual([{ ...byWorker, personId, allowed: true }]);
  });

  it("a refused look-up leaves an entry, allowed false, naming no person (the register was not read)", async () => {
    const refused = await manager.post("/people/lookup", { nhsNumber: "9434765919" });
    expect(refused).toMatchObject({ status: 403, body: { code: "FORBIDDEN" } });
    expect((await registerReads()).at(-1)).toEqual({
      at: serverNow,
      who: "mgr_cat3",
      role: "pcnManager",
      pcnId: "U00009",
      action: "lookupPerson",
      personId: null,
      allowed: false,
    });
  });

  it("a registration refused as ALREADY_REGISTERED names the person, so it is audited as a look-up", async () => {
    const before = (await registerReads()).length;
    expect(await worker.post("/people", jane)).toMatchObject({ status: 409, body: { code: "ALREADY_REGISTERED", personId } });
    const reads = await registerReads();
    expect(reads.length).toBe(before + 1);
    expect(reads.at(-1)).toEqual({ ...byWorker, personId, allowed: true });
  });
});
