// build.mjs - bundles the browser interface into dist/, which nginx serves at /.
//
// src/main.jsx (and the CSS it imports) become dist/assets/app-<hash>.js and
// app-<hash>.css; index.html is written with their names. The bundle is split
// (format esm): what src/lazy.jsx loads with import() - Chart.js in
// chart-<hash>.js, bpmn-js in bpmn-<hash>.js - is fetched only by a page that
// draws a chart or a diagram; code both halves share goes to chunk-<hash>.js.
// No inline script or style anywhere: the Content-Security-Policy allows
// 'self' only, and a module's import() from /assets/ is 'self'.
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
  // what lazy.jsx loads are entries too, so their files say what they hold
  entryPoints: [
    { in: 'src/main.jsx', out: 'app' },
    { in: 'src/chart.jsx', out: 'chart' },
    { in: 'src/bpmn.jsx', out: 'bpmn' },
    { in: 'src/pages/process_edit.jsx', out: 'editor' },
    { in: 'src/i18n-en.js', out: 'words-en' },
  ],
  bundle: true,
  format: 'esm',
  splitting: true,
  target: ['es2020'],
  minify: true,
  sourcemap: 'linked',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  outdir: 'dist/assets',
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outputs = result.metafile.outputs;
const entry = Object.keys(outputs).find((p) => outputs[p].entryPoint === 'src/main.jsx');
const cssOut = entry && outputs[entry].cssBundle;
if (!entry || !cssOut) throw new Error('build: the bundle lacks its script or its stylesheet');
const web = (p) => '/' + path.relative('dist', p);
const js = web(entry);
const css = web(cssOut);
const stray = Object.keys(outputs).filter((p) => p.endsWith('.css') && p !== cssOut);
if (stray.length) throw new Error(`build: a stylesheet nobody links: ${stray.join(', ')}`);

const template = await readFile(path.join(here, 'index.html'), 'utf8');
const html = template
  .replace('<!--STYLE-->', `<link rel="stylesheet" href="${css}">`)
  .replace('<!--SCRIPT-->', `<script type="module" src="${js}"></script>`);
if (html.includes('<!--')) throw new Error('build: index.html has a placeholder left');
await writeFile(path.join(dist, 'index.html'), html);
await copyFile(path.join(here, 'src', 'favicon.svg'), path.join(dist, 'favicon.svg'));
// the policy report (an API page) links /assets/report.css by this fixed name
await copyFile(path.join(here, 'src', 'report.css'), path.join(dist, 'assets', 'report.css'));

const kib = (n) => `${Math.round(n / 1024)} KiB`;
const scripts = Object.keys(outputs)
  .filter((p) => p.endsWith('.js'))
  .map((p) => `${path.basename(p)} ${kib(outputs[p].bytes)}`);
console.log(`web: built dist/ (${js} ${kib(outputs[entry].bytes)}, ${css}; scripts: ${scripts.join(', ')})`);
