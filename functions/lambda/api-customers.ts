import { depsFromEnv } from '../env.js';
import { createCustomersHandler } from '../http/customers.js';

/** Lambda entry of the HTTP API's customers routes. */
export const handler = createCustomersHandler(depsFromEnv(process.env, 'foster-customers'));
