import { readFileSync } from 'node:fs';
const p = JSON.parse(readFileSync(process.argv[2] ?? '/tmp/probe.cpuprofile', 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map(); const counts = new Map();
for (const s of p.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
const dt = (p.endTime - p.startTime) / p.samples.length / 1000;
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const total = new Map();
for (const [id, c] of counts) {
  const n = byId.get(id); const f = n.callFrame; const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + c);
  const seen = new Set(); let cur = id;
  while (cur !== undefined) { const m = byId.get(cur).callFrame; const k = `${m.functionName || '(anon)'} ${m.url.split('/').slice(-2).join('/')}:${m.lineNumber}`; if (!seen.has(k)) { seen.add(k); total.set(k, (total.get(k) ?? 0) + c); } cur = parent.get(cur); }
}
const all = p.samples.length;
console.log('total ms', (all * dt).toFixed(0));
console.log('--- self');
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((c * dt).toFixed(1).padStart(8), k);
console.log('--- total');
for (const [k, c] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log((c * dt).toFixed(1).padStart(8), k);
