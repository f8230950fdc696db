DROP TABLE "poa_documents";
DROP TABLE "encrypted_documents";
DROP TABLE "assignment_consents";
DROP TABLE "assignment_read_receipts";
DROP TABLE "assignment_dispatches";
DROP TABLE "assignments";
