import { depsFromEnv } from '../env.js';
import { createFileHandler } from '../http/file.js';

/** Lambda entry of the HTTP API's customer-file routes. */
export const handler = createFileHandler(depsFromEnv(process.env, 'foster-file'));
