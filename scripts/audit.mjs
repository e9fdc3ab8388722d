#!/usr/bin/env node
// Dependency audit for CI: `pnpm audit --prod` over the production dependencies of the whole
// workspace; fails (exit 1) on any high or critical advisory and lists them (package, severity,
// title, advisory URL, paths). Moderate and lower are printed, not fatal.
//
// When the registry's advisory endpoint cannot be reached or answers with an error (offline CI,
// a mirror without the audit API), the check is SKIPPED with the reason printed and exit 0, so an
// outage does not block merges; pass --strict (or SIGILL_AUDIT_STRICT=1) to make that exit 2.
//
// Usage: node scripts/audit.mjs [--strict]
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const local = join(root, ".tools", "node_modules", ".bin", "pnpm");
const pnpm = existsSync(local) ? local : "pnpm";
const strict = process.argv.includes("--strict") || process.env.SIGILL_AUDIT_STRICT === "1";
const say = (line) => console.log(`[audit] ${line}`);

// SIGILL_AUDIT_REPORT=<file> reads a saved `pnpm audit --json` report instead (to check this script).
const saved = process.env.SIGILL_AUDIT_REPORT;
const result = saved
  ? { stdout: readFileSync(saved, "utf8"), stderr: "", status: 0 }
  : spawnSync(pnpm, ["audit", "--prod", "--audit-level", "high", "--json"], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });

let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  report = undefined;
}

if (report === undefined || typeof report !== "object" || report === null || report.error !== undefined) {
  // No parsable report: the audit itself could not run (network, endpoint, registry error).
  const reason = [
    result.error?.message,
    report?.error?.code,
    report?.error?.summary ?? report?.error?.message,
    (result.stderr ?? "").replace(/[│×]/g, " ").replace(/\s+/g, " "),
  ]
    .filter((s) => typeof s === "string" && s.trim() !== "")
    .map((s) => s.trim())
    .join(" | ");
  say(
    `SKIPPED: the registry's audit endpoint could not be used: ${reason || `pnpm exited with ${String(result.status)}`}`,
  );
  process.exit(strict ? 2 : 0);
}

const advisories = Object.values(report.advisories ?? {});
const counts = report.metadata?.vulnerabilities ?? {};
say(
  `production dependencies: ${["critical", "high", "moderate", "low", "info"].map((s) => `${String(counts[s] ?? 0)} ${s}`).join(", ")}`,
);
const serious = advisories.filter((a) => a.severity === "high" || a.severity === "critical");
for (const a of advisories) {
  const paths = (a.findings ?? []).flatMap((f) => f.paths ?? []).slice(0, 3);
  say(
    `${a.severity.toUpperCase()} ${a.module_name} ${a.vulnerable_versions ?? ""}: ${a.title} (${a.url ?? a.github_advisory_id ?? ""})${paths.length > 0 ? ` via ${paths.join(", ")}` : ""}`,
  );
}
if (serious.length > 0) {
  say(`FAILED: ${String(serious.length)} high or critical advisories in production dependencies`);
  process.exit(1);
}
say("OK: no high or critical advisories in production dependencies");
