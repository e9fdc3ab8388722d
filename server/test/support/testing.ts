// `@sigill/server/testing`: what other packages' tests may use of the server (the journeys in
// test/ and the extension's browser tests), so that none of them imports the server's files by
// path. Everything here is the real thing; nothing is a stand-in for a part of the product.
export { createApp } from "../../src/app.ts";
export { loadConfig } from "../../src/config.ts";
export { openDatabase, type Database } from "../../src/db/database.ts";
export type { Deps } from "../../src/deps.ts";
export { createLogger } from "../../src/http/logger.ts";
export { createEnrolment, ensureOrganisation } from "../../src/modules/accounts/enrolments.ts";
export { createNotifier, type OutgoingMail } from "../../src/modules/notify/notifier.ts";
export { SoftAuthenticator } from "./soft-authenticator.ts";
