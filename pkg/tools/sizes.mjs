// Sizes of the built package: raw, gzip -9 and brotli quality 11 (what a browser downloads
// from a server that compresses well), and the main module's budget.
//
// usage: node sizes.mjs DIST            table of dist/*.wasm and *.js, writes DIST/sizes.json
//        node sizes.mjs --brotli F...   brotli sizes of the files, on one line

import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';

/** The main module's budget after brotli -q 11 (issue 4), in bytes. */
export const BUDGET = 300_000;

export function brotli(bytes) {
  return zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
}

const args = process.argv.slice(2);
if (args[0] === '--brotli') {
  console.log(args.slice(1).map((f) => brotli(readFileSync(f))).join(' '));
} else {
  const dist = args[0];
  const files = readdirSync(dist).filter((f) => /\.(wasm|js)$/.test(f)).sort();
  const rows = files.map((f) => {
    const b = readFileSync(join(dist, f));
    return { file: f, raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length, brotli: brotli(b) };
  });
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`.padStart(10);
  console.log(`${'file'.padEnd(26)}${'raw'.padStart(10)}${'gzip -9'.padStart(10)}${'brotli 11'.padStart(10)}`);
  for (const r of rows) console.log(`${r.file.padEnd(26)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
  const main = rows.find((r) => r.file === 'binnacle_bg.wasm');
  const js = rows.filter((r) => r.file.endsWith('.js')).reduce((a, r) => a + r.brotli, 0);
  console.log(`JavaScript, all files: ${kb(js).trim()} brotli`);
  if (main) {
    const verdict = main.brotli <= BUDGET ? 'within' : `OVER by ${(main.brotli - BUDGET).toLocaleString('en')} bytes`;
    console.log(`main module: ${main.brotli.toLocaleString('en')} bytes brotli -q 11; budget ${BUDGET.toLocaleString('en')}: ${verdict}`);
  }
  writeFileSync(join(dist, 'sizes.json'), JSON.stringify({ budget: BUDGET, files: rows }, null, 2) + '\n');
}
