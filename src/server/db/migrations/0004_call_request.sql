ALTER TABLE "submissions" ADD COLUMN "call_request" jsonb;--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "call_requested_at" timestamp with time zone;