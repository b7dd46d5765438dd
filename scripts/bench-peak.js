// Preloaded (`node -r`) into a benchmarked process: at exit, writes its peak resident memory (bytes) to the
// file named by BENCH_PEAK_FILE. Plain JavaScript, so that it loads without a compiler.
/* global process, require */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS preload
const fs = require('fs');
process.on('exit', () => {
  const file = process.env.BENCH_PEAK_FILE;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
