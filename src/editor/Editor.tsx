/** @jsxImportSource react */
import { makePage } from '@keystatic/astro/ui';
import config from 'virtual:keystatic-config';

/** Keystatic's app, with this project's configuration (src/editor/keystatic.config.ts). */
export const Editor = makePage(config);
