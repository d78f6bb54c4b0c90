import { build } from 'esbuild';
const [entry, target] = process.argv.slice(2);
const r = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, mainFields: ['module','main'], external: ['@aws-sdk/*'], write: false, metafile: true, outfile: '/tmp/bb/out.mjs', logLevel: 'warning' });
const inputs = r.metafile.inputs;
const parent = {}; const q = [entry]; const seen = new Set(q);
while (q.length) { const f = q.shift(); for (const i of inputs[f]?.imports ?? []) { if (i.external || seen.has(i.path)) continue; seen.add(i.path); parent[i.path] = f; q.push(i.path); } }
const t = Object.keys(inputs).find((p) => p.includes(target));
let c = t, chain = [];
while (c) { chain.push(c); c = parent[c]; }
console.log(chain.reverse().join('\n  -> '));
