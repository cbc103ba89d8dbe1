// Loaded (NODE_OPTIONS=--import=…) into the `ritm serve` that the memory part measures: every
// 250 ms it writes the process's own view of its memory (heap, external, array buffers), tagged
// with its pid (the launcher loads it too), as one line on stderr, which /proc cannot tell from
// outside. Unref'd: it never keeps a process alive.
setInterval(() => {
  process.stderr.write(`[memory ${process.pid}] ${JSON.stringify(process.memoryUsage())}\n`);
}, 250).unref();
