CREATE TABLE "consultants" (
	"email" text PRIMARY KEY NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"role" text NOT NULL,
	"invited_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "consultants_email_lower_case" CHECK ("consultants"."email" = lower("consultants"."email")),
	CONSTRAINT "consultants_role" CHECK ("consultants"."role" in ('owner', 'consultant'))
);
--> statement-breakpoint
ALTER TABLE "submissions" ADD COLUMN "assigned_to" text;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_assigned_to_consultants_email_fk" FOREIGN KEY ("assigned_to") REFERENCES "public"."consultants"("email") ON DELETE no action ON UPDATE no action;