-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "maxRetentionDays" INTEGER NOT NULL DEFAULT 30,
    "requireAccessCode" BOOLEAN NOT NULL DEFAULT false,
    "allowPlainOverride" BOOLEAN NOT NULL DEFAULT false,
    "allowNotAboutPerson" BOOLEAN NOT NULL DEFAULT false,
    "archivePublicKey" BLOB,
    "maxAttachmentBytes" BIGINT NOT NULL DEFAULT 2147483648,
    "defaultExpiryDays" INTEGER NOT NULL DEFAULT 14,
    "accessCodeKinds" TEXT NOT NULL DEFAULT 'protected-identity',
    "webmailDomains" TEXT NOT NULL DEFAULT '',
    "unscannableSensitive" BOOLEAN NOT NULL DEFAULT true,
    "disabledKinds" TEXT NOT NULL DEFAULT '',
    "extraKeywords" TEXT NOT NULL DEFAULT '',
    "notificationText" TEXT NOT NULL DEFAULT '',
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_organisation" ("accessCodeKinds", "allowPlainOverride", "archivePublicKey", "defaultExpiryDays", "disabledKinds", "extraKeywords", "id", "maxAttachmentBytes", "maxRetentionDays", "name", "notificationText", "requireAccessCode", "unscannableSensitive", "updatedAt", "webmailDomains") SELECT "accessCodeKinds", "allowPlainOverride", "archivePublicKey", "defaultExpiryDays", "disabledKinds", "extraKeywords", "id", "maxAttachmentBytes", "maxRetentionDays", "name", "notificationText", "requireAccessCode", "unscannableSensitive", "updatedAt", "webmailDomains" FROM "organisation";
DROP TABLE "organisation";
ALTER TABLE "new_organisation" RENAME TO "organisation";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
