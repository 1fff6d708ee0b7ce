// The HTML report's test opens the page in headless Chromium (Debian's package: no browser download
// is possible on these machines). Installs it when missing and we are root; otherwise says how.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const wanted = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(wanted)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
if (!isRoot || !existsSync("/usr/bin/apt-get")) {
  console.error(`Chromium not found at ${wanted}. Install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}
console.error("Installing Debian's chromium for the HTML report test (apt-get)...");
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], {
  stdio: "inherit",
  env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
});
