ALTER TABLE "outbox" ALTER COLUMN "subject" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "html" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "text" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "render_from" jsonb;--> statement-breakpoint
CREATE INDEX "crm_deliveries_email_idx" ON "crm_deliveries" USING btree (("event"->'lead'->>'email'));--> statement-breakpoint
CREATE INDEX "masterclass_signups_submission_idx" ON "masterclass_signups" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "outbox_submission_idx" ON "outbox" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "outbox_to_idx" ON "outbox" USING gin ("to");--> statement-breakpoint
CREATE INDEX "outbox_unrendered_idx" ON "outbox" USING btree ("created_at") WHERE "outbox"."render_from" is not null;--> statement-breakpoint
CREATE INDEX "rate_limit_counters_key_idx" ON "rate_limit_counters" USING btree ("key");--> statement-breakpoint
CREATE INDEX "submissions_previous_idx" ON "submissions" USING btree ("previous_submission_id");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_rendered_or_pending" CHECK ("outbox"."render_from" is not null or ("outbox"."subject" is not null and "outbox"."html" is not null and "outbox"."text" is not null));