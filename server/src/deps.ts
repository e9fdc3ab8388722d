import type { Config } from "./config.ts";
import type { Db } from "./db/database.ts";
import type { Logger } from "./http/logger.ts";

/** What every module gets; tests inject their own clock to move time. */
export interface Deps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => Date;
}
