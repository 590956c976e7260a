-- The large values (a submission's Report, answer sheet and answers, an email's body and PDF, a CRM
-- event) are compressed with lz4 rather than Postgres's default pglz: on a submission's insert, pglz
-- took about a sixth of the database's CPU. Only values written from now on change; nothing is
-- rewritten. A server built without lz4 (embedded PGlite) keeps pglz and says so.
DO $$
BEGIN
  ALTER TABLE "submissions"
    ALTER COLUMN "report" SET COMPRESSION lz4,
    ALTER COLUMN "answer_sheet" SET COMPRESSION lz4,
    ALTER COLUMN "answers" SET COMPRESSION lz4;
  ALTER TABLE "suspected_submissions" ALTER COLUMN "report" SET COMPRESSION lz4;
  ALTER TABLE "outbox"
    ALTER COLUMN "html" SET COMPRESSION lz4,
    ALTER COLUMN "text" SET COMPRESSION lz4,
    ALTER COLUMN "attachments" SET COMPRESSION lz4;
  ALTER TABLE "crm_deliveries" ALTER COLUMN "event" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'lz4 is not available on this server: large columns keep pglz';
END
$$;
