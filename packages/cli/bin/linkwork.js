#!/usr/bin/env node
// The `linkwork` command. Built (dist/main.js present): run it. In the workspace before a build, or
// with LINKWORK_FROM_SOURCE=1: run the TypeScript sources through tsx with the "@linkwork/source"
// condition, in a child process because export conditions can only be set when Node starts.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";

const built = new URL("../dist/main.js", import.meta.url);
if (process.env.LINKWORK_FROM_SOURCE !== "1" && existsSync(fileURLToPath(built))) {
  const { runCli } = await import(built.href);
  process.exitCode = await runCli(process.argv.slice(2));
} else {
  let tsx;
  try {
    tsx = import.meta.resolve("tsx");
  } catch {
    process.stderr.write("linkwork: not built and tsx is not installed: run `pnpm build` (or `pnpm install` in the workspace)\n");
    process.exit(1);
  }
  const source = fileURLToPath(new URL("../src/main.ts", import.meta.url));
  const child = spawnSync(process.execPath, ["--conditions=@linkwork/source", "--import", tsx, source, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exitCode = child.status ?? 1;
}
