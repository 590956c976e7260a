import { defineCollection } from 'astro:content';
import { QuestionnaireSchema } from './domain/schemas/questionnaire.ts';
import { loadQuestionnaireOrThrow } from './server/content/index.ts';

/**
 * One entry, `current`: the whole questionnaire assembled from `content/`.
 * Invalid content throws with one line per problem, which stops `astro build`.
 */
const questionnaire = defineCollection({
  loader: {
    name: 'questionnaire',
    load: async ({ store, parseData, watcher, logger }) => {
      const sync = async () => {
        const data = await parseData({ id: 'current', data: loadQuestionnaireOrThrow() });
        store.clear();
        store.set({ id: 'current', data });
      };
      await sync();
      watcher?.add('content');
      watcher?.on('all', (_event, path) => {
        if (!/[\\/]content[\\/].*\.ya?ml$/.test(path)) return;
        sync().then(
          () => logger.info('content reloaded'),
          (error: unknown) => logger.error(error instanceof Error ? error.message : String(error)),
        );
      });
    },
  },
  schema: QuestionnaireSchema,
});

export const collections = { questionnaire };
