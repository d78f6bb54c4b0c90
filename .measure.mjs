import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
const dir = 'functions/lambda';
for (const f of readdirSync(dir).filter(f=>f.endsWith('.ts'))) {
  const r = await build({ entryPoints: [`${dir}/${f}`], bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, mainFields: ['module','main'], external: ['@aws-sdk/*'], banner: {js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);"}, write: false, metafile: true, outfile: '/tmp/bb/out.mjs', tsconfig: 'tsconfig.json', logLevel: 'warning' });
  const out = r.outputFiles[0];
  const meta = r.metafile.outputs['/tmp/bb/out.mjs'] ?? Object.values(r.metafile.outputs)[0];
  const byPkg = {};
  for (const [p, v] of Object.entries(meta.inputs)) { const m = p.match(/node_modules\/((@[^/]+\/)?[^/]+)/); const k = m? m[1] : p.split('/').slice(0,2).join('/'); byPkg[k]=(byPkg[k]??0)+v.bytesInOutput; }
  console.log(f, (out.contents.length/1024).toFixed(0)+' KB', 'gz', (gzipSync(out.contents).length/1024).toFixed(0), Object.entries(byPkg).sort((a,b)=>b[1]-a[1]).slice(0,8).map(([k,v])=>`${k}:${(v/1024).toFixed(0)}`).join(' '));
}
