// `npm run bench`: builds the site, measures it, and prints one markdown table, then the workspace at
// scale (test/bench/scale.ts) in a second one.
// Submissions go to a fresh database on TEST_DATABASE_URL's Postgres server (PGlite when it is unset);
// the scale section needs that server (it seeds 100,000 submissions and 2,000,000 events there).
// `node test/bench/run.ts --no-build` measures the last build without rebuilding it; `--scale-only`
// measures only the workspace at scale, against the last build.
import { join } from 'node:path';
import { measurePage, type PageWeight } from '../helpers/page-weight.ts';
import { realQuestionnaire } from '../helpers/content.ts';
import { timeBuild } from './build.ts';
import { LIGHTHOUSE_RUNS, runLighthouse, type LighthouseResult } from './lighthouse.ts';
import { LOAD, runLoadScenario, type LoadScenario } from './load.ts';
import { finishedDiagnosticCookie, lighthouseTargets, MEASURED_PAGES } from './pages.ts';
import { pagePath } from '../../src/domain/routes.ts';
import { ROOT, startBuiltServer } from './server.ts';
import { surveyJsWeight } from './surveyjs.ts';
import { measureShareImage, SHARE_IMAGE_RUNS, type ShareImageResult } from './share-image.ts';
import { measureReportPdf, REPORT_PDF_RUNS, type ReportPdfResult } from './report-pdf.ts';
import { runScaleBench, scaleTable } from './scale.ts';
import { measureDatabaseShare, type DatabaseShare } from './database-share.ts';

export interface BenchResults {
  buildSeconds: number | null;
  weights: { name: string; path: string; weight: PageWeight }[];
  surveyJs: PageWeight;
  lighthouse: LighthouseResult[];
  /** On Postgres (TEST_DATABASE_URL) and on embedded PGlite, the default. */
  load: LoadScenario[];
  /** The endpoint's statements alone on Postgres (TEST_DATABASE_URL), if set. */
  databaseShare: DatabaseShare | null;
  shareImage: ShareImageResult;
  reportPdf: ReportPdfResult;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const total = (w: PageWeight) => w.html.gzip + w.css.gzip + w.js.gzip;
const ratio = (a: number, b: number) => (b === 0 ? '—' : `${(a / b).toFixed(a / b < 1 ? 2 : 1)}×`);
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`);

/** The bench's one table, in markdown. */
export function benchTable(r: BenchResults): string {
  const diagnostic = r.weights.find((w) => w.name === 'diagnostic')!.weight;
  const header = ['measure', ...r.weights.map((w) => `${w.name} \`${w.path}\``), 'SurveyJS page, same questions', 'SurveyJS ÷ our diagnostic'];
  const rows: string[][] = [];
  for (const kind of ['html', 'css', 'js'] as const) {
    rows.push([`${kind.toUpperCase()}, gzip -9`, ...r.weights.map((w) => kb(w.weight[kind].gzip)), kb(r.surveyJs[kind].gzip), ratio(r.surveyJs[kind].gzip, diagnostic[kind].gzip)]);
  }
  rows.push(['**total, gzip -9**', ...r.weights.map((w) => `**${kb(total(w.weight))}**`), `**${kb(total(r.surveyJs))}**`, `**${ratio(total(r.surveyJs), total(diagnostic))}**`]);
  const lh = (name: string) => r.lighthouse.find((l) => l.name === name)!;
  const score = (value: number) => String(Math.round(value * 100));
  rows.push([
    `Lighthouse performance / accessibility / best practices / SEO (mobile, simulated throttling, median of ${LIGHTHOUSE_RUNS} runs; results page with a finished diagnostic in localStorage)`,
    ...r.weights.map((w) => Object.values(lh(w.name).scores).map(score).join(' / ')),
    'not run',
    '',
  ]);
  rows.push(['LCP / TBT / CLS', ...r.weights.map((w) => `${ms(lh(w.name).lcpMs)} / ${ms(lh(w.name).tbtMs)} / ${lh(w.name).cls.toFixed(3)}`), '', '']);
  const share = (value: number) => `${Math.round(value * 100)} %`;
  for (const { result, floor, floorServerCores, stored, database, cpu, delivery } of r.load) {
    const created = result.statuses[201] ?? 0;
    const where = database === 'postgres' ? 'fresh Postgres database' : 'PGlite';
    rows.push([
      `\`POST /api/submissions\`: ${result.sent.toLocaleString('en')} valid submissions from as many email addresses, ${LOAD.connections} concurrent connections, each from a loopback address of its own, closed loop, after ${LOAD.warmup} not measured (${where}); lifted for the run: the minimum filling time (MIN_FILL_SECONDS=0) and the per-address limit (each address sends ${Math.ceil(LOAD.amount / LOAD.connections)}); the start token is checked`,
      `${Math.round(result.requestsPerSecond)} requests/s`,
      `latency p50 ${ms(result.latencyP50Ms)}, p99 ${ms(result.latencyP99Ms)}`,
      `${result.errors + result.timeouts} errors, ${result.non2xx} non-2xx; ${stored.submissionIds.length.toLocaleString('en')} rows stored for ${created.toLocaleString('en')} × 201 and the warm-up's`,
      `CPU over the run, in cores of ${cpu.cores}: server ${cpu.server.toFixed(2)}, load generator ${cpu.generator.toFixed(2)} (${share(cpu.generator / cpu.cores)} of the machine), machine ${cpu.machine.toFixed(2)}`,
      `emails after the answers: ${delivery.delivered.toLocaleString('en')} delivered once each (${delivery.requests.toLocaleString('en')} requests to the stub), the warm-up's included; the last ${delivery.afterLoadSeconds.toFixed(1)} s after the last answer; ${delivery.unsent} unsent`,
    ]);
    rows.push([
      `the floor under it: the same load on the same server, each body \`{}\`, refused by validation (400) before anything is computed or stored (${where})`,
      `${Math.round(floor.requestsPerSecond)} requests/s`,
      `latency p50 ${ms(floor.latencyP50Ms)}, p99 ${ms(floor.latencyP99Ms)}`,
      `${floor.statuses[400] ?? 0} × 400`,
      `CPU over the run, in cores: server ${floorServerCores.toFixed(2)}, load generator ${floor.generatorCpuShare.toFixed(2)}`,
      '',
    ]);
  }
  if (r.databaseShare) {
    const d = r.databaseShare;
    rows.push([
      `the database's share: the endpoint's statements alone (the lookup of an earlier submission, then its one transaction) for ${d.transactions.toLocaleString('en')} submissions built beforehand, ${LOAD.connections} at a time through a pool of 5, no HTTP (fresh Postgres database)`,
      `${Math.round(d.perSecond)} submissions/s`,
      `latency p50 ${ms(d.latencyP50Ms)}, p99 ${ms(d.latencyP99Ms)}`,
      `CPU, in cores: Postgres ${d.postgresCores.toFixed(2)}, Drizzle and the driver ${d.clientCores.toFixed(2)}`,
      `${(((d.postgresCores + d.clientCores) * 1000) / d.perSecond).toFixed(1)} ms of CPU per submission before any HTTP, validation or Report`,
      '',
    ]);
  }
  const { shareImage: og } = r;
  rows.push([
    `share preview image \`/{locale}/s/{token}/og.png\` (${og.width}×${og.height} PNG, resvg): first request after start / median of ${SHARE_IMAGE_RUNS}`,
    `${ms(og.firstMs)} / ${ms(og.medianMs)}`,
    `PNG ${kb(og.pngBytes)}`,
    `server weight: resvg native addon ${(og.rendererBytes / 1024 / 1024).toFixed(1)} MB, fonts inlined in a ${kb(og.fontChunkBytes)} chunk`,
    ...header.slice(4).map(() => ''),
  ]);
  const { reportPdf: pdf } = r;
  rows.push([
    `report PDF (A4, pdfkit, standard Helvetica: no font embedded; Spanish report with every metric): first in the process / median / p95 of ${REPORT_PDF_RUNS}`,
    `${ms(pdf.firstMs)} / ${ms(pdf.medianMs)} / ${ms(pdf.p95Ms)}`,
    `PDF ${kb(pdf.pdfBytes)}, ${pdf.pages} pages`,
    `server weight: pdfkit and its dependencies as traced for the function, ${(pdf.libraryBytes / 1024 / 1024).toFixed(1)} MB in ${pdf.libraryFiles} files`,
    ...header.slice(4).map(() => ''),
  ]);
  rows.push(['`astro build` wall clock', r.buildSeconds === null ? 'not run (--no-build)' : `${r.buildSeconds.toFixed(1)} s`, '', '', '', '']);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

/** Runs every part in turn (never two at once: they would slow each other down). */
export async function runBench(options: { build: boolean }): Promise<BenchResults> {
  const buildSeconds = options.build ? await timeBuild() : null;
  const client = join(ROOT, 'dist/client');
  const surveyJs = await surveyJsWeight(realQuestionnaire(), 'es');
  const server = await startBuiltServer();
  let lighthouse: LighthouseResult[];
  let weights: BenchResults['weights'];
  try {
    // The results page is drawn on request, from the finished diagnostic's cookie: measured as served.
    const served = await (await fetch(new URL(pagePath('results', 'es'), server.url), { headers: { cookie: finishedDiagnosticCookie() } })).text();
    weights = MEASURED_PAGES.map(({ name, page, path }) => ({ name, path, weight: measurePage(client, path, page === 'results' ? served : undefined) }));
    lighthouse = await runLighthouse(lighthouseTargets(server.url));
  } finally {
    await server.stop();
  }
  const load = [
    ...(process.env.TEST_DATABASE_URL ? [await runLoadScenario(process.env.TEST_DATABASE_URL, LOAD)] : []),
    await runLoadScenario(undefined, LOAD),
  ];
  const databaseShare = process.env.TEST_DATABASE_URL ? await measureDatabaseShare(process.env.TEST_DATABASE_URL) : null;
  const shareImage = await measureShareImage();
  const reportPdf = await measureReportPdf();
  return { buildSeconds, weights, surveyJs, lighthouse, load, databaseShare, shareImage, reportPdf };
}

if (import.meta.main) {
  process.chdir(ROOT);
  const scaleOnly = process.argv.includes('--scale-only');
  if (!scaleOnly) console.log(benchTable(await runBench({ build: !process.argv.includes('--no-build') })));
  const server = process.env.TEST_DATABASE_URL;
  if (!server) console.log('\nThe workspace at 100,000 submissions: not measured (it needs a Postgres server: set TEST_DATABASE_URL).');
  const { postgres, pglite } = await runScaleBench(server, (line) => console.error(`[scale] ${line}`));
  if (postgres.length === 2) console.log(`\n${scaleTable(postgres[0]!, postgres[1]!)}`);
  console.log(`\n${scaleTable(pglite[0]!, pglite[1]!, 'embedded PGlite')}`);
}
