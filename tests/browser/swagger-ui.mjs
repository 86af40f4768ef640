// Swagger UI as a person uses it, in Debian's headless Chromium driven over the DevTools
// protocol (playwright-core, which downloads no browser): press Authorize, paste a token, open
// GET /v1/interviews, Try it out with `status` picked from its dropdown, Execute, and expect 200
// in the rendered response. Run by .ci/contract.
//
// Usage: node tests/browser/swagger-ui.mjs BASE_URL ACCESS_TOKEN SCREENSHOT.png
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

// .ci/contract installs playwright-core outside the tree and names it in NODE_PATH, which only
// CommonJS resolution reads.
const { chromium } = createRequire(import.meta.url)("playwright-core");

const [base, token, screenshot] = process.argv.slice(2);
if (!base || !token || !screenshot) {
  console.error("usage: swagger-ui.mjs BASE_URL ACCESS_TOKEN SCREENSHOT.png");
  process.exit(2);
}

function fail(message) {
  console.error(`swagger-ui: ${message}`);
  process.exitCode = 1;
}

// One completed interview, so the filtered list has something to show.
const created = await fetch(`${base}/v1/interviews`, {
  method: "POST",
  headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
  body: JSON.stringify({
    company: "Swagger Browser Co",
    position: "Engineer",
    scheduled_at: "2026-03-03T14:00:00Z",
    status: "completed",
  }),
});
if (created.status !== 201) throw new Error(`setup: POST /v1/interviews answered ${created.status}`);

// A fresh profile each run (Playwright passes it as --user-data-dir).
const profile = mkdtempSync(join(tmpdir(), "followup-chromium-"));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 2000 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  // The page runs under the server's Content-Security-Policy: anything it blocks is a fault.
  const violations = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`Content Security Policy: ${e.violatedDirective} blocked ${e.blockedURI}`),
    );
  });
  const opened = await page.goto(`${base}/swagger-ui/`);
  const policy = opened.headers()["content-security-policy"] ?? "";
  if (!policy.includes("frame-ancestors 'none'")) fail(`the page's policy is ${policy}`);
  await page.locator("button.btn.authorize").first().click();
  const dialog = page.locator(".auth-container").filter({ hasText: "bearer" }).first();
  await dialog.locator("input").first().fill(token);
  await dialog.locator("button.authorize").click();
  await page.locator("button.btn-done").first().click();

  const operation = page.locator("#operations-interviews-list_interviews");
  await operation.locator(".opblock-summary").first().click();
  await operation.locator("button.try-out__btn").click();
  const status = operation.locator('tr[data-param-name="status"] select');
  const options = await status.locator("option").allTextContents();
  const offered = options.filter((o) => o !== "--");
  if (JSON.stringify(offered) !== JSON.stringify(["scheduled", "completed", "cancelled"])) {
    fail(`the status dropdown offers ${JSON.stringify(options)}, not the wire strings`);
  }
  await status.selectOption("completed");
  await operation.locator("button.execute").click();
  const cell = operation.locator(".live-responses-table tbody .response-col_status").first();
  await cell.waitFor({ timeout: 15000 });
  const code = (await cell.textContent()).trim();
  const body = await operation.locator(".live-responses-table .microlight").first().textContent();
  await operation.screenshot({ path: screenshot });
  const sent = requests.find((url) => url.includes("/v1/interviews?"));
  if (!sent || !sent.includes("status=completed")) fail(`the request sent was ${sent}`);
  if (code !== "200") fail(`Try it out answered ${code}: ${body}`);
  if (!body.includes("Swagger Browser Co")) fail(`the response does not list the interview: ${body}`);
  if (violations.length) fail(`the policy blocked: ${violations.join("; ")}`);
  if (!process.exitCode) {
    console.log(`swagger-ui: Authorize, then GET ${sent.slice(base.length)} answered ${code}`);
  }
} finally {
  await browser.close();
}
