-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "disabledKinds" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "extraKeywords" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "notificationText" TEXT NOT NULL DEFAULT '';
