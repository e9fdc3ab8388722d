import type { Config } from "./config.ts";
import type { Db } from "./db/database.ts";
import type { Logger } from "./http/logger.ts";

/** What every module gets; tests inject their own clock to move time. */
export interface Deps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Best-effort e-mail notifications to account holders (never content); absent in some tests. */
  readonly notify?: (n: {
    kind: "new-message" | "new-reply";
    to: string;
    messageId: string;
    link: string;
  }) => Promise<void>;
}
