import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../e2e/browser.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';

// The content editor as a marketer uses it, under `npm run dev`: in a copy of the project, so the
// edits land in the copy's content/, as they would in a newcomer's clone.
let dir: string;
let dev: DevServer | undefined;
let base = '';
let browser: Browser;
const root = process.cwd();

const file = (path: string) => readFileSync(join(dir, path), 'utf8');
/** The lines of the comment a file starts with (its `$schema` line and its guidance for authors). */
const header = (text: string) => text.slice(0, text.search(/^[^#\n]/m));

async function until<T>(what: string, read: () => T | Promise<T>, ok: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'revops-editor-'));
  for (const entry of ['package.json', 'tsconfig.json', 'astro.config.mjs', 'src', 'content', 'public']) cpSync(join(root, entry), join(dir, entry), { recursive: true });
  // Hard links: Vite serves files from under the project's root only, so a symbolic link to this
  // project's node_modules would be refused; a copy would take minutes.
  const linked = spawnSync('cp', ['-al', join(root, 'node_modules'), join(dir, 'node_modules')]);
  if (linked.status !== 0) throw new Error(`could not link node_modules into ${dir}: ${linked.stderr}`);
  dev = await startDevServer({ cwd: dir, env: { DATA_DIR: join(dir, '.data'), DATABASE_URL: '' }, readyPath: '/keystatic', log: 'revops-editor-dev.log', timeoutMs: 90_000 });
  base = dev.base;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  dev?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens an editor page, once its form is there (a first run's Vite may reload the page once). */
async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}${path}`);
  await page.getByRole('button', { name: 'Save' }).waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  expect(await page.title()).toBe('Content editor · Diagnóstico RevOps');
  return page;
}

/** Opens a list item's dialog, sets a field in it, and closes it. */
async function editItem(page: Page, item: string, field: string, value: string, group?: string) {
  await page.getByRole('row', { name: item, exact: true }).first().click();
  const dialog = page.getByRole('dialog');
  const scope = group ? dialog.getByRole('group', { name: group, exact: true }) : dialog;
  await scope.getByRole('textbox', { name: field, exact: true }).first().fill(value);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'detached' });
}

describe('the content editor under npm run dev', () => {
  it('changes a question\'s text: the file on disk and the diagnostic page show it, the file keeps its comments', async () => {
    const before = file('content/questions/alignment.yaml');
    const first = (parse(before) as { questions: { id: string; text: { es: string } }[] }).questions[0]!;
    const text = `¿Cuántas de las métricas de la dirección tienen un objetivo de negocio detrás? (${Date.now()})`;
    const page = await open('/keystatic/collection/questions/item/alignment');
    await editItem(page, first.id, 'Español (es)', text, 'Text');
    await page.getByRole('button', { name: 'Save' }).click();

    const after = await until('the question file', () => file('content/questions/alignment.yaml'), (t) => t.includes(text));
    expect((parse(after) as { questions: { id: string; text: { es: string } }[] }).questions[0]!.text.es).toBe(text);
    expect(header(after)).toBe(header(before));
    expect(header(after)).toMatch(/^# yaml-language-server: \$schema=/);
    // Only that line changed.
    const changed = after.split('\n').filter((line, i) => line !== before.split('\n')[i]);
    expect(changed).toEqual([expect.stringContaining(text)]);
    await until('the diagnostic page', () => fetch(`${base}/diagnostico/`).then((r) => r.text()), (html) => html.includes(text));
    await page.close();
  }, 150_000);

  it('changes a band\'s range: the file on disk has it, nothing else changes', async () => {
    const before = file('content/bands.yaml');
    const overall = (parse(before) as { overall: { id: string; min: number; max: number }[] }).overall;
    const [initial, developing] = overall as [(typeof overall)[0], (typeof overall)[0]];
    const edge = String(initial.max + 5);
    const page = await open('/keystatic/singleton/bands');
    await editItem(page, initial.id, 'Max', edge);
    await editItem(page, developing.id, 'Min', edge);
    await page.getByRole('button', { name: 'Save' }).click();

    const after = await until('the bands file', () => file('content/bands.yaml'), (t) => t !== before);
    const saved = (parse(after) as { overall: { min: number; max: number }[] }).overall;
    expect([saved[0]!.max, saved[1]!.min]).toEqual([Number(edge), Number(edge)]);
    expect(header(after)).toBe(header(before));
    expect(after.split('\n').filter((line, i) => line !== before.split('\n')[i])).toEqual([`    max: ${edge}`, `    min: ${edge}`]);
    await page.close();
  }, 150_000);

  it('opens the results preview from the editor\'s Preview, through the workspace\'s sign-in', async () => {
    const page = await open('/keystatic/singleton/bands');
    const [preview] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Preview' }).click()]);
    await preview.waitForLoadState();
    const landed = new URL(preview.url());
    expect(landed.pathname).toBe('/consultants/sign-in');
    expect(landed.searchParams.get('next')).toBe('/consultants/preview/?all=1');
    await preview.close();
    await page.close();
  }, 150_000);

  it('answers a malformed save with 400 and writes nothing', async () => {
    const before = file('content/bands.yaml');
    const save = (body: string, headers: Record<string, string> = { 'no-cors': '1' }) =>
      fetch(`${base}/api/keystatic/update`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    expect((await save('{"additions":[{"path":"content/bands.yaml","contents":"%%%"}],"deletions":[]}')).status).toBe(400);
    expect((await save('{"additions":"x"}')).status).toBe(400);
    expect((await save('{"additions":[],"deletions":[]}', {})).status).toBe(400);
    expect(file('content/bands.yaml')).toBe(before);
  });

  it('refuses a broken edit (a gap between bands) naming the file and field, and writes nothing', async () => {
    const before = file('content/bands.yaml');
    const developing = (parse(before) as { overall: { id: string; min: number }[] }).overall[1]!;
    const page = await open('/keystatic/singleton/bands');
    await editItem(page, developing.id, 'Min', String(developing.min + 1));
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByText('content/bands.yaml: overall[1].min: gap', { exact: false }).waitFor({ state: 'visible', timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(file('content/bands.yaml')).toBe(before);
    await page.close();
  }, 150_000);
});
