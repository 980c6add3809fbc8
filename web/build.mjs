// build.mjs - bundles the browser interface into dist/, which nginx serves at /.
//
// src/main.jsx (and the CSS it imports) become dist/assets/app-<hash>.js and
// app-<hash>.css; index.html is written with their names. No inline script or
// style anywhere: the Content-Security-Policy allows 'self' only.
import * as esbuild from 'esbuild';
import { mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');

await rm(dist, { recursive: true, force: true });
await mkdir(path.join(dist, 'assets'), { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: ['src/main.jsx'],
  bundle: true,
  format: 'esm',
  target: ['es2020'],
  minify: true,
  sourcemap: 'linked',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: 'dist/assets',
  entryNames: 'app-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => '/' + path.relative('dist', p));
const js = outputs.find((p) => p.endsWith('.js'));
const css = outputs.find((p) => p.endsWith('.css'));
if (!js || !css) throw new Error('build: the bundle lacks its script or its stylesheet');

const template = await readFile(path.join(here, 'index.html'), 'utf8');
const html = template
  .replace('<!--STYLE-->', `<link rel="stylesheet" href="${css}">`)
  .replace('<!--SCRIPT-->', `<script type="module" src="${js}"></script>`);
if (html.includes('<!--')) throw new Error('build: index.html has a placeholder left');
await writeFile(path.join(dist, 'index.html'), html);
await copyFile(path.join(here, 'src', 'favicon.svg'), path.join(dist, 'favicon.svg'));
// the policy report (an API page) links /assets/report.css by this fixed name
await copyFile(path.join(here, 'src', 'report.css'), path.join(dist, 'assets', 'report.css'));

let bytes = 0;
for (const [, o] of Object.entries(result.metafile.outputs)) bytes += o.bytes;
const jsBytes = result.metafile.outputs['dist' + js.replace('/assets', '/assets')]?.bytes;
console.log(`web: built dist/ (${js}, ${css}; ${Math.round((jsBytes || bytes) / 1024)} KiB of script)`);
