import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every page of the consultants' workspace and its layout. */
function workspaceFiles(): string[] {
  const pages = readdirSync('src/pages/consultants', { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.astro'))
    .map((name) => join('src/pages/consultants', name));
  return [...pages, 'src/layouts/Workspace.astro'];
}

describe("the consultants' workspace code", () => {
  it('covers the sign-in, list, submission, funnel, masterclass, team and results preview pages', () => {
    expect(workspaceFiles().sort()).toEqual(
      [
        'src/layouts/Workspace.astro', 'src/pages/consultants/funnel.astro', 'src/pages/consultants/index.astro', 'src/pages/consultants/masterclass.astro',
        'src/pages/consultants/preview.astro', 'src/pages/consultants/sign-in.astro', 'src/pages/consultants/team.astro', join('src/pages/consultants/submissions', '[id].astro'),
      ].sort(),
    );
  });

  it('holds no Spanish text: every text comes from content/workspace.yaml', () => {
    const spanish = /\b(Diagnósticos?|Filtrar|Filtros|Estado|Nuevo|Contactado|Ganado|Perdido|Embudo|Salir|Entrar|Correo|Historial|Idioma|Nota|Respuestas?|Todos|Sí)\b|[áéíóúñ¿¡]/i;
    for (const file of workspaceFiles()) {
      const found = readFileSync(file, 'utf8').split('\n').map((line, i) => [i + 1, line] as const).filter(([, line]) => spanish.test(line));
      expect(found.map(([n, line]) => `${file}:${n}: ${line.trim()}`)).toEqual([]);
    }
  });

  it('takes the languages and statuses from the domain, never a written list', () => {
    for (const file of workspaceFiles()) {
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(/\[\s*'es'\s*,\s*'pt'\s*,\s*'en'\s*\]|'es-ES'|'pt-BR'|'en-US'|localize\([^)]*'es'\)/);
      expect(code, file).not.toMatch(/'contacted'|'qualified'|STATUS_LABELS/);
    }
  });
});
