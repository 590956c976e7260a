// `npm run check:content`: validates content/ and prints one line per problem.
import { loadQuestionnaire } from '../content/index.ts';
import { formatContentIssue } from '../../domain/questionnaire.ts';

const result = loadQuestionnaire(process.cwd());
if (result.ok) {
  const q = result.questionnaire;
  console.log(`content/ is valid: ${q.dimensions.length} dimensions, ${q.questions.length} questions, ${q.benchmarks.length} benchmarks (version ${q.version})`);
} else {
  for (const issue of result.issues) console.error(formatContentIssue(issue));
  console.error(`\n${result.issues.length} problem${result.issues.length === 1 ? '' : 's'} in content/`);
  process.exit(1);
}
