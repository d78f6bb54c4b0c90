import { config } from 'zod/mini';
import { en } from 'zod/locales';

// foster's zod: the tree-shakable `zod/mini` API. A Lambda bundles only the schema kinds and checks
// it uses (about 30 KB), where classic `zod` costs 95 KB in every bundle whatever it uses (its
// schemas carry every method). Checks go in `.check(...)`, wrappers are functions:
//   classic `z.string().trim().min(1).max(100).optional()`
//   mini    `z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)))`
// mini loads no locale by itself; a 400 must say what is wrong with the field, so English is set here.
config(en());

export * from 'zod/mini';
