// Opens everything a server process needs, for main.ts and the admin CLI alike.
import type { Config } from "./config.ts";
import { databaseUrl, openDatabase, type Database } from "./db/database.ts";
import type { Deps } from "./deps.ts";
import { createLogger, type Logger } from "./http/logger.ts";
import { ensureOrganisation } from "./modules/accounts/enrolments.ts";

export async function openDeps(
  config: Config,
  logger: Logger = createLogger(config.logLevel),
): Promise<{ deps: Deps; database: Database }> {
  const database = await openDatabase(databaseUrl(config));
  const deps: Deps = { db: database.prisma, config, logger, now: () => new Date() };
  await ensureOrganisation(deps);
  return { deps, database };
}
