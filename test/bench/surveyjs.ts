import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DONT_KNOW, NOT_APPLICABLE, scoredOptions } from '../../src/domain/question.ts';
import type { Locale } from '../../src/domain/locale.ts';
import type { Questionnaire } from '../../src/domain/schemas/questionnaire.ts';
import { measurePage, type PageWeight } from '../helpers/page-weight.ts';
import { ROOT } from './server.ts';

const require = createRequire(join(ROOT, 'package.json'));

/**
 * Our questionnaire as a SurveyJS form: one page per dimension, one required
 * radiogroup per question with our options, then "Not applicable" / "I don't know"
 * where the question offers them. (No metrics step, no scoring, no report.)
 */
export function surveyJsJson(q: Questionnaire, locale: Locale = 'es'): object {
  const yesNo = { yes: q.ui.answers.yes, partly: q.ui.answers.partly, no: q.ui.answers.no } as const;
  return {
    locale,
    title: q.ui.diagnostic.title[locale],
    showProgressBar: 'top',
    pages: q.dimensions.map((dimension) => ({
      name: dimension.id,
      title: dimension.name[locale],
      description: dimension.description[locale],
      elements: q.questions
        .filter((question) => question.dimension === dimension.id)
        .map((question) => ({
          type: 'radiogroup',
          name: question.id,
          title: question.text[locale],
          ...(question.help ? { description: question.help[locale] } : {}),
          isRequired: true,
          choices: [
            ...scoredOptions(question).map((option) => ({
              value: option.id,
              text: question.kind === 'yes-no' ? yesNo[option.id as keyof typeof yesNo][locale] : question.options!.find((o) => o.id === option.id)!.label[locale],
            })),
            ...(question.notApplicable ? [{ value: NOT_APPLICABLE, text: q.ui.answers['not-applicable'][locale] }] : []),
            ...(question.dontKnow ? [{ value: DONT_KNOW, text: q.ui.answers['dont-know'][locale] }] : []),
          ],
        })),
    })),
  };
}

/** The one script of the SurveyJS page: its Spanish strings, the model, the default renderer. */
const ENTRY = `
import { Model } from 'survey-core';
import 'survey-core/i18n/spanish';
import { renderSurvey } from 'survey-js-ui';
import json from './survey.json';
renderSurvey(new Model(json), document.getElementById('survey'));
`;

/**
 * Builds a page that shows `q` with SurveyJS (survey-core + survey-js-ui,
 * bundled by esbuild: minified ESM, one file) and its default stylesheet, in a
 * temporary folder; returns the folder (its `index.html` is the page).
 */
export async function buildSurveyJsPage(q: Questionnaire, locale: Locale = 'es'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'revops-surveyjs-'));
  writeFileSync(join(dir, 'survey.json'), JSON.stringify(surveyJsJson(q, locale)));
  writeFileSync(join(dir, 'entry.js'), ENTRY);
  await build({
    entryPoints: [join(dir, 'entry.js')],
    outfile: join(dir, 'main.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    nodePaths: [join(ROOT, 'node_modules')],
    logLevel: 'error',
  });
  copyFileSync(require.resolve('survey-core/survey-core.min.css'), join(dir, 'survey-core.min.css'));
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${q.ui.diagnostic.title[locale]}</title>
<link rel="stylesheet" href="/survey-core.min.css">
<script type="module" src="/main.js"></script>
</head>
<body><div id="survey"></div></body>
</html>
`,
  );
  return dir;
}

/** The SurveyJS page's bytes, measured like ours (`measurePage`, gzip level 9). */
export async function surveyJsWeight(q: Questionnaire, locale: Locale = 'es'): Promise<PageWeight> {
  const dir = await buildSurveyJsPage(q, locale);
  try {
    return measurePage(dir, '/');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
