-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "allowNotAboutPerson" BOOLEAN NOT NULL DEFAULT false;
