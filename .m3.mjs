import { build } from 'esbuild';
const r = await build({ entryPoints: [process.argv[2]], bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, mainFields: ['module','main'], external: ['@aws-sdk/*'], write: false, metafile: true, outfile: '/tmp/bb/out.mjs', logLevel: 'warning' });
const meta = Object.values(r.metafile.outputs)[0];
const e = Object.entries(meta.inputs).filter(([p])=>!p.includes('node_modules/zod')).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput);
for (const [p,v] of e.slice(0,+process.argv[3]||40)) console.log(v.bytesInOutput, p);
