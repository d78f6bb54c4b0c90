import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// The dashboard's static files as the team Lambda serves them: built once (by esbuild at synth
// time into the bundle's dashboard/ folder, or in process by the local runtime), each with a
// content hash for the page's URLs and a gzip copy for browsers that accept it.

export const ASSET_NAMES = ['app.js', 'app.css'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];
export type DashboardAssets = Record<AssetName, string>;

const CONTENT_TYPES: Record<AssetName, string> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

export interface ServedAsset {
  contentType: string;
  raw: Buffer;
  gzip: Buffer;
  /** First 12 hex digits of the SHA-256 of the content. */
  hash: string;
}

/** Hashes and compresses the assets once. */
export function serveable(assets: DashboardAssets): Record<AssetName, ServedAsset> {
  const out = {} as Record<AssetName, ServedAsset>;
  for (const name of ASSET_NAMES) {
    const raw = Buffer.from(assets[name], 'utf8');
    out[name] = { contentType: CONTENT_TYPES[name], raw, gzip: gzipSync(raw, { level: 9 }), hash: createHash('sha256').update(raw).digest('hex').slice(0, 12) };
  }
  return out;
}

/** Reads assets written by the build (the Lambda bundle's `dashboard/` folder). */
export function readBuiltAssets(dir: string): DashboardAssets {
  return Object.fromEntries(ASSET_NAMES.map((name) => [name, readFileSync(join(dir, name), 'utf8')])) as DashboardAssets;
}
