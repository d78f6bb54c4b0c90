import { build } from 'esbuild';
const r = await build({ entryPoints: ['functions/lambda/api-admin.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, mainFields: ['module','main'], external: ['@aws-sdk/*'], write: false, metafile: true, outfile: '/tmp/bb/out.mjs', logLevel: 'warning' });
const meta = Object.values(r.metafile.outputs)[0];
const e = Object.entries(meta.inputs).filter(([p])=>p.includes(process.argv[2])).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput);
let loc=0; for (const [p,v] of e) if (p.includes('locales')) loc+=v.bytesInOutput;
console.log('locales', loc);
for (const [p,v] of e.slice(0,25)) console.log(v.bytesInOutput, p);
