import type { Migration } from './runner.js';
import { v2CustomerFiles } from './v2-customer-files.js';

// Every migration, in version order: version N takes data from N-1 to N. Append; never edit one
// that has shipped. Each lives in its own file (vN-<what>.ts) with a test on data written by the
// version before it (test/integration/migrations.test.ts).

export const MIGRATIONS: readonly Migration[] = [v2CustomerFiles];
