-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "unscannableSensitive" BOOLEAN NOT NULL DEFAULT true;
