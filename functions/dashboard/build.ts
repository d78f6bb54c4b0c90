import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { DashboardAssets } from './assets.js';

// Builds the dashboard's script (client/app.js with Chart.js, tree-shaken and minified into one
// file) and style with esbuild. Used where esbuild is at hand: the local runtime, the tests, the
// benchmark, and `cdk synth`, which writes the result into the team function's bundle.

const CLIENT = join(dirname(fileURLToPath(import.meta.url)), 'client');

/** The page's script and style, ready to serve. */
export function buildDashboardAssets(): DashboardAssets {
  const js = buildSync({
    entryPoints: [join(CLIENT, 'app.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome100', 'safari15', 'firefox100'],
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const css = buildSync({
    stdin: { contents: readFileSync(join(CLIENT, 'app.css'), 'utf8'), loader: 'css' },
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return { 'app.js': js.outputFiles[0]!.text, 'app.css': css.outputFiles[0]!.text };
}
