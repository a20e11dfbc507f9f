// Preloaded into benchmarked Node processes: reports the process's own peak RSS on exit (stderr).
'use strict';
process.on('exit', () => {
  try {
    process.stderr.write(`\n__BENCH_MAXRSS_KIB=${process.resourceUsage().maxRSS}\n`);
  } catch {
    /* ignore */
  }
});
