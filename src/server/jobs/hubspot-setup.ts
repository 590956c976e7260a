// `npm run hubspot:setup`: creates (or brings up to date) the property group `revops_diagnostic`
// and every custom contact property the site writes, with the options of content/. Safe to run
// again, and needed again after a dimension, band or segment is added.
import { env } from '../env.ts';
import { loadQuestionnaireOrThrow } from '../content/index.ts';
import { setupHubspotProperties } from '../crm/index.ts';

const config = env();
if (!config.HUBSPOT_TOKEN) {
  console.error('HUBSPOT_TOKEN is not set: create a HubSpot private app (scopes in the README, "HubSpot") and set HUBSPOT_TOKEN to its access token.');
  process.exit(1);
}

const questionnaire = loadQuestionnaireOrThrow(process.cwd());
try {
  const result = await setupHubspotProperties(questionnaire, {
    token: config.HUBSPOT_TOKEN,
    ...(config.HUBSPOT_BASE_URL ? { baseUrl: config.HUBSPOT_BASE_URL } : {}),
    timeoutMs: 30_000,
  });
  console.log(`property group revops_diagnostic: ${result.group}`);
  console.log(`created (${result.created.length}): ${result.created.join(', ') || '—'}`);
  console.log(`updated (${result.updated.length}): ${result.updated.join(', ') || '—'}`);
  console.log(`unchanged: ${result.unchanged.length}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
