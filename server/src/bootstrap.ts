// Opens everything a server process needs, for main.ts and the admin CLI alike.
import type { Config } from "./config.ts";
import { databaseUrl, openDatabase, type Database } from "./db/database.ts";
import type { Deps } from "./deps.ts";
import { createLogger, type Logger } from "./http/logger.ts";
import { ensureOrganisation } from "./modules/accounts/enrolments.ts";
import { createNotifier } from "./modules/notify/notifier.ts";

export async function openDeps(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<{ deps: Deps; database: Database; close: () => Promise<void> }> {
  const database = await openDatabase(databaseUrl(config));
  const notifier = createNotifier(
    { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, publicUrl: config.publicUrl, orgName: config.orgName },
    logger,
  );
  const deps: Deps = {
    db: database.prisma,
    reads: database.reads,
    pieces: database.pieces,
    config,
    logger,
    now: () => new Date(),
    notify: (n) => notifier.notify(n),
    canMail: config.smtpUrl !== undefined,
  };
  await ensureOrganisation(deps);
  return {
    deps,
    database,
    close: async () => {
      await notifier.close();
      await database.close();
    },
  };
}
