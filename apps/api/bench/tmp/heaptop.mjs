import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync('/tmp/probe.heapprofile', 'utf8'));
const runs = Number(process.argv[2] ?? 1);
const self = new Map();
let total = 0;
function visit(n, stack) {
  const f = n.callFrame; const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}:${f.columnNumber}`;
  const size = (n.selfSize ?? 0);
  total += size;
  self.set(key, (self.get(key) ?? 0) + size);
  for (const c of n.children ?? []) visit(c, stack);
}
visit(p.head, []);
console.log('total MB per run', (total / runs / 1e6).toFixed(1));
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((v / runs / 1e6).toFixed(2).padStart(7), k);
