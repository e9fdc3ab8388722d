import type { AddressInfo } from "node:net";
import { createApp } from "./app.ts";
import { openDeps } from "./bootstrap.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { runRetention } from "./modules/messages/retention.ts";

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[sigill] ${error.message}`);
    process.exit(1);
  }
  throw error;
}
const { deps, database, close } = await openDeps(config);
// The retention job: at start and every ten minutes; failures are logged and retried next time.
const retention = async () => {
  try {
    const report = await runRetention(deps, database.provider);
    if (report.expired + report.abandoned > 0) deps.logger.info({ event: "retention", ...report }, "retention run");
  } catch (error) {
    deps.logger.error(
      { event: "retention_failed", name: error instanceof Error ? error.name : "unknown" },
      "retention run failed",
    );
  }
};
void retention();
const timer = setInterval(() => void retention(), 10 * 60_000);
timer.unref();
const server = createApp(deps).listen(config.port, config.host, () => {
  // The bound port, not the configured one: PORT=0 asks the system for a free port.
  const port = (server.address() as AddressInfo | null)?.port ?? config.port;
  console.log(`[sigill] server listening on http://${config.host}:${String(port)} (database: ${database.provider})`);
  console.log(`[sigill] portal origin ${config.publicUrl}, passkey RP ID ${config.rpId}`);
});
const admins = await deps.db.account.count({ where: { role: "admin" } });
if (admins === 0) {
  console.log(
    "[sigill] No administrator yet. Create the first one (prints a one-time enrolment link):\n" +
      '         pnpm --filter @sigill/server admin create-admin --email you@school.example --name "Your Name"',
  );
}
const stop = () => {
  server.close(() => {
    clearInterval(timer);
    void close().then(() => process.exit(0));
  });
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
