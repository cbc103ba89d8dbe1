import { readFileSync } from 'node:fs';
const [,, file, name, runsArg] = process.argv;
const p = JSON.parse(readFileSync(file, 'utf8'));
const runs = Number(runsArg ?? 1);
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const counts = new Map(); for (const s of p.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
const dt = (p.endTime - p.startTime) / p.samples.length / 1000 / runs;
const totalOf = (n) => (counts.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + totalOf(byId.get(c)), 0);
const agg = new Map(); let self = 0, all = 0;
const label = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').slice(-1)[0]}:${n.callFrame.lineNumber}`;
function visit(n, inside) {
  const here = label(n).startsWith(name + ' ');
  if (here && !inside) { all += totalOf(n); self += counts.get(n.id) ?? 0; for (const c of n.children ?? []) { const k = byId.get(c); agg.set(label(k), (agg.get(label(k)) ?? 0) + totalOf(k)); } }
  for (const c of n.children ?? []) visit(byId.get(c), inside || here);
}
visit(byId.get(p.nodes[0].id), false);
console.log(name, 'total', (all * dt).toFixed(1), 'self', (self * dt).toFixed(1));
for (const [k, v] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((v * dt).toFixed(1).padStart(7), k);
