import type { Database } from '../../src/server/db/client.ts';

/** One statement as Drizzle sent it (`logQuery` of `openDatabase`). */
export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

/** Node-postgres' pool and PGlite both answer `query(text, params)` with `{ rows }`. */
interface Client {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const clientOf = (database: Database) => (database.db as unknown as { $client: Client }).$client;

/** A node of a plan as `EXPLAIN (FORMAT JSON)` gives it. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Total Time'?: number;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

/** Every node of the plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/** The plan the database chooses for `query` (run too, with `analyze`, for its timing). */
export async function explain(database: Database, query: CapturedQuery, { analyze = false }: { analyze?: boolean } = {}): Promise<{ plan: PlanNode; executionMs: number | null }> {
  const { rows } = await clientOf(database).query(`explain (format json${analyze ? ', analyze' : ''}) ${query.sql}`, query.params);
  const raw = Object.values(rows[0]!)[0];
  const [document] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: PlanNode; 'Execution Time'?: number }[];
  return { plan: document!.Plan, executionMs: document!['Execution Time'] ?? null };
}

/** One line per node: its type, table and index, indented by depth, for a failure message. */
export function describePlan(node: PlanNode, depth = 0): string {
  const line = `${'  '.repeat(depth)}${node['Node Type']}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`;
  return [line, ...(node.Plans ?? []).map((child) => describePlan(child, depth + 1))].join('\n');
}
