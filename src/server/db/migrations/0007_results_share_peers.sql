CREATE TABLE "peer_distributions" (
	"scope" text PRIMARY KEY NOT NULL,
	"sample" integer NOT NULL,
	"histograms" jsonb NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "previous_submission_id" uuid;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "previous_proven" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "counts_in_peers" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "share_token" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_previous_submission_id_submissions_id_fk" FOREIGN KEY ("previous_submission_id") REFERENCES "public"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "submissions_email_created_idx" ON "submissions" USING btree (lower("contact_email"),"created_at");--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_share_token_unique" UNIQUE("share_token");--> statement-breakpoint
-- Submissions already stored: of several from one email on one UTC day, only the latest counts among peers.
UPDATE "submissions" AS "s" SET "counts_in_peers" = false WHERE "s"."contact_email" <> '' AND EXISTS (
  SELECT 1 FROM "submissions" AS "t"
  WHERE lower("t"."contact_email") = lower("s"."contact_email")
    AND ("t"."created_at" AT TIME ZONE 'UTC')::date = ("s"."created_at" AT TIME ZONE 'UTC')::date
    AND "t"."created_at" > "s"."created_at"
);
