import type { Config } from "./config.ts";
import type { Db } from "./db/database.ts";
import type { Logger } from "./http/logger.ts";
import type { Notification } from "./modules/notify/notifier.ts";

/** What every module gets; tests inject their own clock to move time. */
export interface Deps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Best-effort e-mail (never content): notifications to account holders, mailbox codes; absent in some tests. */
  readonly notify?: (n: Notification) => Promise<void>;
}
