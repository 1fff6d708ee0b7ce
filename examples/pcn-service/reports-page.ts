// The live reports page: caseload, capacity and demand of the caller's PCN. The page itself holds no
// data, so it is public; its script reads the JSON reports with the caller's bearer token, which the
// deployment's sign-in proxy adds to every request (as the test's browser does), and refreshes them
// every 30 seconds. Everything from the reports is written as text (textContent), never as HTML.

/** Content-Security-Policy of the page: its own script, its own reports, nothing else. */
export const reportsPageSecurityPolicy =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const reportsPageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Linkwork: your PCN now</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #1d1d1d; }
  table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
  th, td { border-bottom: 1px solid #ccc; padding: 0.3rem 0.7rem; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  [data-state="error"] { color: #a00; }
</style>
<script src="/reports/page.js" defer></script>
</head>
<body>
<h1>Your PCN now</h1>
<p id="status" data-state="loading" role="status">Loading…</p>
<section data-report="caseload"><h2>Caseload</h2><table><thead><tr><th>Link worker</th><th>Open cases</th><th>Waiting for first contact</th><th>Overdue follow-ups</th></tr></thead><tbody></tbody></table></section>
<section data-report="capacity"><h2>Capacity</h2><table><thead><tr><th>Month</th><th>Registered patients</th><th>FTE</th><th>FTE per 10,000</th><th>FTE needed</th><th>Monthly capacity</th></tr></thead><tbody></tbody></table></section>
<section data-report="demand"><h2>Demand</h2><table><thead><tr><th>Month</th><th>Referrals</th><th>Accepted</th><th>Waiting list</th></tr></thead><tbody></tbody></table></section>
</body>
</html>
`;

export const reportsPageScript = `"use strict";
const refreshSeconds = 30;
const cell = (value) => {
  const td = document.createElement("td");
  td.textContent = value === null || value === undefined ? "–" : String(value);
  return td;
};
function fill(report, rows) {
  const body = document.querySelector('section[data-report="' + report + '"] tbody');
  body.replaceChildren(...rows.map((values) => {
    const tr = document.createElement("tr");
    tr.append(...values.map(cell));
    return tr;
  }));
}
async function json(path) {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.message || ("HTTP " + response.status));
  return body;
}
async function refresh() {
  const status = document.getElementById("status");
  try {
    const [workers, capacity] = await Promise.all([json("/reports/caseload?view=link-workers"), json("/reports/capacity?view=months")]);
    fill("caseload", workers.rows.map((row) => [row.linkWorkerId, row.openCases, row.waitingForFirstContact, row.overdueFollowUps]));
    fill("capacity", capacity.rows.map((row) => [row.month, row.registeredPatients, row.fte, row.ftePer10k, row.fteNeeded, row.monthlyCapacity]));
    fill("demand", capacity.rows.map((row) => [row.month, row.referrals, row.accepted, row.waitingList]));
    status.dataset.state = "ready";
    status.textContent = "Figures as of " + workers.asOf + "; refreshed every " + refreshSeconds + " seconds.";
  } catch (error) {
    status.dataset.state = "error";
    status.textContent = "The reports could not be read: " + error.message;
  }
}
refresh();
setInterval(refresh, refreshSeconds * 1000);
`;
