import type { Config } from "./config.ts";
import type { Db } from "./db/database.ts";
import type { Pieces } from "./db/pieces.ts";
import type { Reads } from "./db/reads.ts";
import type { Logger } from "./http/logger.ts";
import type { Delivery, Notification } from "./modules/notify/notifier.ts";

/** What every module gets; tests inject their own clock to move time. */
export interface Deps {
  readonly db: Db;
  /** The hot reads (session, message fetch, inbox) as prepared statements: src/db/reads.ts. */
  readonly reads: Reads;
  /** The attachment upload's write on the driver itself: src/db/pieces.ts. */
  readonly pieces: Pieces;
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => Date;
  /**
   * E-mail to account holders (never content); never rejects. Absent in some tests, which then
   * send nothing (a reset link by mail is refused: it would reach nobody).
   */
  readonly notify?: (n: Notification) => Promise<Delivery>;
  /**
   * False when the server has no SMTP server (`SMTP_URL` unset): `notify` then only logs, and what
   * must reach a mailbox (a mailbox code) is refused at once instead of never arriving.
   */
  readonly canMail?: boolean;
}
