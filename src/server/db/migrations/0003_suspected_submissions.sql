CREATE TABLE "suspected_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token" text NOT NULL,
	"idempotency_key" uuid NOT NULL,
	"locale" text NOT NULL,
	"report" jsonb NOT NULL,
	"reason" text NOT NULL,
	"ip_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "suspected_submissions_token_unique" UNIQUE("token"),
	CONSTRAINT "suspected_submissions_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE INDEX "suspected_submissions_created_idx" ON "suspected_submissions" USING btree ("created_at");