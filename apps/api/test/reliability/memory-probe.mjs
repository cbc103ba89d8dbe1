// Loaded (NODE_OPTIONS=--import=…) into the `ritm serve` that the memory part and `pnpm bench:api
// --only memory` measure: every 250 ms it writes the process's own view of its memory (heap,
// external, array buffers), tagged with its pid (the launcher loads it too), as one line on
// stderr, which /proc cannot tell from outside. Unref'd: it never keeps a process alive.
//
// `wasm` is the size of every WebAssembly memory the process made: on the embedded database,
// PGlite's (its shared buffers, catalogue caches and work memory, grown as PostgreSQL asks and
// never given back). A memory is either made in JavaScript (`new WebAssembly.Memory`, imported by
// a module linked dynamically, as PGlite is) or exported by an instance; both are noted here.
const memories = new Set();
const note = (memory) => {
  if (memory instanceof WebAssembly.Memory) memories.add(new WeakRef(memory));
  return memory;
};
const noteInstance = (instance) => {
  for (const value of Object.values(instance.exports)) note(value);
  return instance;
};
const Memory = WebAssembly.Memory;
WebAssembly.Memory = function (descriptor) {
  return note(new Memory(descriptor));
};
WebAssembly.Memory.prototype = Memory.prototype;
Object.defineProperty(WebAssembly.Memory, Symbol.hasInstance, { value: (value) => value instanceof Memory });
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async (...args) => {
  const result = await instantiate(...args);
  noteInstance(result instanceof WebAssembly.Instance ? result : result.instance);
  return result;
};
const instantiateStreaming = WebAssembly.instantiateStreaming;
if (instantiateStreaming) {
  WebAssembly.instantiateStreaming = async (...args) => {
    const result = await instantiateStreaming(...args);
    noteInstance(result.instance);
    return result;
  };
}

const wasmBytes = () => {
  let bytes = 0;
  for (const ref of memories) {
    const memory = ref.deref();
    if (memory === undefined) memories.delete(ref);
    else bytes += memory.buffer.byteLength;
  }
  return bytes;
};

const report = (extra = {}) => process.stderr.write(`[memory ${process.pid}] ${JSON.stringify({ ...process.memoryUsage(), wasm: wasmBytes(), ...extra })}\n`);
setInterval(report, 250).unref();

// With --expose-gc, SIGUSR2 collects garbage and writes a line at once: what the process still
// holds after a load (its caches, its modules), apart from garbage V8 has not collected yet.
if (typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc();
    report({ collected: true });
  });
}
