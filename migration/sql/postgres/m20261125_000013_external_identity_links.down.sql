ALTER TABLE "users" DROP COLUMN "external_issuer";
ALTER TABLE "users" DROP COLUMN "external_subject";
ALTER TABLE "users" DROP COLUMN "external_linked_at";
