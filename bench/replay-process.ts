// One replay of a history file through every read model in a process of its own, for the parallel
// section's ceiling rows (scale.ts). It loads, writes "ready", and waits for "go" on stdin, so that
// two such processes start replaying at the same instant; then it writes the replay's wall and CPU
// seconds as JSON and exits. Run as: node <the bench's flags> bench/replay-process.ts FILE
import { once } from "node:events";
import { replayReadModels } from "./replay-read-models.js";

const path = process.argv[2];
if (path === undefined) throw new Error("usage: replay-process.ts FILE");
process.stdin.setEncoding("utf8");
process.stdout.write("ready\n");
let heard = "";
while (!heard.includes("go")) heard += String((await once(process.stdin, "data"))[0]);
const cpu = process.cpuUsage();
const started = performance.now();
await replayReadModels(path);
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 })}\n`);
process.exit(0);
