-- Trigram indexes for the workspace's "contains" searches (ilike '%…%'). pg_trgm is a trusted
-- extension from PostgreSQL 13: the database's owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- Each dimension's score in a stored Report, by dimension id: what `submissions.dimension_scores`
-- keeps (a generated column may not hold a subquery, a function may). Elements that are not objects
-- with an id are skipped, and a Report without a dimensions array gives null, so no stored row,
-- however damaged, makes an insert fail.
CREATE OR REPLACE FUNCTION submission_dimension_scores(report jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(report -> 'dimensions') = 'array' THEN (
    SELECT jsonb_object_agg(d ->> 'id', d -> 'score')
    FROM jsonb_array_elements(report -> 'dimensions') AS d
    WHERE jsonb_typeof(d) = 'object' AND d ->> 'id' IS NOT NULL
  ) END
$$;
--> statement-breakpoint
-- What the CSV export writes of a stored Report, kept by `submissions.report_figures`: its
-- `shapeVersion` and `currency`, and of each dimension and metric only `id`, `score` and `value`,
-- keys left out where the Report has none. Anything but an array of objects where those are
-- expected is kept as it is, so the export's reading refuses it as it would refuse the whole
-- Report; a Report that is not an object gives null.
CREATE OR REPLACE FUNCTION submission_report_figures(report jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN jsonb_typeof(report) = 'object' THEN (
    SELECT jsonb_object_agg(top.key, CASE WHEN top.key IN ('dimensions', 'metrics') AND jsonb_typeof(top.value) = 'array' THEN (
      SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(item.value) = 'object' THEN (
        SELECT coalesce(jsonb_object_agg(field.key, field.value), '{}'::jsonb) FROM jsonb_each(item.value) AS field WHERE field.key IN ('id', 'score', 'value')
      ) ELSE item.value END ORDER BY item.position), '[]'::jsonb)
      FROM jsonb_array_elements(top.value) WITH ORDINALITY AS item(value, position)
    ) ELSE top.value END)
    FROM jsonb_each(report) AS top
    WHERE top.key IN ('shapeVersion', 'currency', 'dimensions', 'metrics')
  ) END
$$;
