CREATE TABLE "funnel_daily" (
	"day" date NOT NULL,
	"name" text NOT NULL,
	"step" smallint DEFAULT 0 NOT NULL,
	"locale" text NOT NULL,
	"visits" integer DEFAULT 0 NOT NULL,
	"first_visits" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "funnel_daily_day_name_step_locale_pk" PRIMARY KEY("day","name","step","locale")
);
--> statement-breakpoint
CREATE TABLE "funnel_visits" (
	"visit_id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
-- One statement, so the table is rewritten once for the six generated columns.
ALTER TABLE "submissions" ADD COLUMN "business_model" text GENERATED ALWAYS AS (segment ->> 'businessModel') STORED,
	ADD COLUMN "deal_size" text GENERATED ALWAYS AS (segment ->> 'dealSize') STORED,
	ADD COLUMN "dimension_scores" jsonb GENERATED ALWAYS AS (submission_dimension_scores(report)) STORED,
	ADD COLUMN "report_figures" jsonb GENERATED ALWAYS AS (submission_report_figures(report)) STORED,
	ADD COLUMN "first_touch_source" text GENERATED ALWAYS AS (first_touch ->> 'source') STORED,
	ADD COLUMN "first_touch_referrer" text GENERATED ALWAYS AS (first_touch ->> 'referrer') STORED;
--> statement-breakpoint
CREATE INDEX "funnel_visits_completed_idx" ON "funnel_visits" USING btree ("completed_at","started_at");--> statement-breakpoint
CREATE INDEX "submissions_list_idx" ON "submissions" USING btree ("created_at","id","band","locale","status","masterclass","call_requested_at","business_model","deal_size","first_touch_source","first_touch_referrer","dimension_scores") WHERE erased_at is null;--> statement-breakpoint
CREATE INDEX "submissions_name_trgm_idx" ON "submissions" USING gin ("contact_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "submissions_email_trgm_idx" ON "submissions" USING gin ("contact_email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "submissions_company_trgm_idx" ON "submissions" USING gin ("contact_company" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "submissions_source_trgm_idx" ON "submissions" USING gin ("first_touch_source" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "submissions_referrer_trgm_idx" ON "submissions" USING gin ("first_touch_referrer" gin_trgm_ops);--> statement-breakpoint
-- The funnel's rollup of the events stored so far, as `rebuildFunnelRollup` (src/server/funnel/funnel.ts) computes it.
INSERT INTO "funnel_daily" ("day", "name", "step", "locale", "visits", "first_visits")
WITH "events" AS (
  SELECT "visit_id", "name", coalesce("step", 0) AS "step", "locale", ("created_at" AT TIME ZONE 'UTC')::date AS "day", "created_at", "id"
  FROM "funnel_events"
  WHERE "name" <> 'step' OR "step" IS NOT NULL
),
"firsts" AS (
  SELECT DISTINCT ON ("visit_id", "name", "step") "name", "step", "locale", "day" FROM "events" ORDER BY "visit_id", "name", "step", "created_at", "id"
),
"first_counts" AS (
  SELECT "day", "name", "step", "locale", count(*)::int AS "first_visits" FROM "firsts" GROUP BY "day", "name", "step", "locale"
),
"day_counts" AS (
  SELECT "day", "name", "step", "locale", count(DISTINCT "visit_id")::int AS "visits" FROM "events" GROUP BY "day", "name", "step", "locale"
)
SELECT d."day", d."name", d."step", d."locale", d."visits", coalesce(f."first_visits", 0)
FROM "day_counts" AS d LEFT JOIN "first_counts" AS f USING ("day", "name", "step", "locale");
--> statement-breakpoint
INSERT INTO "funnel_visits" ("visit_id", "started_at", "completed_at")
SELECT "visit_id", min("created_at") FILTER (WHERE "name" = 'started'), min("created_at") FILTER (WHERE "name" = 'completed')
FROM "funnel_events"
WHERE "name" IN ('started', 'completed')
GROUP BY "visit_id";
