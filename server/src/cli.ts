// The operator's command line: `pnpm --filter @sigill/server admin <command> [options]`.
import { parseArgs } from "node:util";
import { openDeps } from "./bootstrap.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createLogger } from "./http/logger.ts";
import { emailSchema } from "./modules/accounts/email.ts";
import { createEnrolment } from "./modules/accounts/enrolments.ts";
import { appendAudit } from "./modules/audit/log.ts";

const USAGE = `usage: admin create-admin --email <address> --name <display name>

  create-admin   creates a one-time enrolment link for an administrator and prints it;
                 open it in a browser to create the passkey (the link expires, ENROLMENT_HOURS).`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: "string" }, name: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help === true || positionals[0] !== "create-admin") {
    console.log(USAGE);
    return values.help === true ? 0 : 2;
  }
  const email = emailSchema.safeParse(values.email ?? "");
  const name = (values.name ?? "").trim();
  if (!email.success || name === "" || name.length > 128) {
    console.error("create-admin needs --email <a valid address> and --name <1-128 characters>");
    return 2;
  }
  const config = loadConfig(process.env);
  const { deps, close } = await openDeps(config, createLogger("warn"));
  try {
    const r = await createEnrolment(deps, { email: email.data, displayName: name, role: "admin" });
    await appendAudit(deps, {
      type: "account.invited",
      subjectId: r.accountId,
      details: { role: "admin", via: "cli" },
    });
    console.log(`Enrolment link for the administrator (valid until ${r.expiresAt.toISOString()}):\n${r.link}`);
    return 0;
  } finally {
    await close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `failed: ${error instanceof Error ? error.message : "unknown error"}`,
    );
    process.exit(1);
  },
);
