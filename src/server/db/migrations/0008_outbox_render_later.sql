ALTER TABLE "outbox" ALTER COLUMN "subject" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "html" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "text" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "render_from" jsonb;--> statement-breakpoint
CREATE INDEX "outbox_submission_idx" ON "outbox" USING btree ("submission_id");--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_rendered_or_pending" CHECK ("outbox"."render_from" is not null or ("outbox"."subject" is not null and "outbox"."html" is not null and "outbox"."text" is not null));