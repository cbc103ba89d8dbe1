import { performance } from 'node:perf_hooks';
import http from 'node:http';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { buildApp } from '../../src/app.js';
import { hashSecret, newSecret } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/connection.js';

const url = 'postgres://postgres@127.0.0.1:5432/postgres';
const database = await openDatabase({ databaseUrl: url, schema: process.env.SCHEMA ?? 'bench1', poolSize: 10 });
const { db } = database;
const rootId = (await db.selectFrom('organisations').select('id').where('depth', '=', 0).executeTakeFirstOrThrow()).id;
const token = newSecret('ritm_');
await db.deleteFrom('users').where('email', '=', 'probe@ritm.local').execute();
const user = await db.insertInto('users').values({ email: 'probe@ritm.local', password_hash: 'x', is_admin: true }).returning('id').executeTakeFirstOrThrow();
await db.insertInto('api_tokens').values({ user_id: user.id, name: 'probe', token_hash: hashSecret(token) }).execute();
const config = { ...loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, RITM_JOBS: 'off' }, process.cwd()), adminDist: undefined };
const app = await buildApp({ config, database });
const base = await app.listen({ port: 0, host: '127.0.0.1' });
const path = `/api/orgs/${rootId}/compliance/summary?from=2026-10-01&to=2026-12-31&asOf=2026-11-22`;
const get = () => new Promise<number>((resolve, reject) => {
  const start = performance.now();
  http.get(base + path, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip, deflate, br, zstd' } }, (r) => { r.on('data', () => {}); r.on('end', () => resolve(performance.now() - start)); }).on('error', reject);
});
const cold = async () => { app.complianceCache.summaries.clear(); app.complianceCache.contributions.clear(); app.complianceCache.summaryForms.clear(); return get(); };
const runs = Number(process.env.RUNS ?? 15);
for (let i = 0; i < 3; i++) await cold();
let session: Session | undefined;
if (process.env.PROF) { session = new Session(); session.connect(); await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 100 }); await session.post('Profiler.start'); }
let heap: Session | undefined;
if (process.env.HEAP) { heap = new Session(); heap.connect(); await heap.post('HeapProfiler.enable'); await heap.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never); }
const times: number[] = [];
for (let i = 0; i < runs; i++) times.push(await cold());
if (session) { const { profile } = await session.post('Profiler.stop'); writeFileSync('/tmp/probe.cpuprofile', JSON.stringify(profile)); }
if (heap) { const { profile } = await heap.post('HeapProfiler.stopSampling'); writeFileSync('/tmp/probe.heapprofile', JSON.stringify(profile)); }
times.sort((a, b) => a - b);
console.log('cold median', times[Math.floor(times.length / 2)]!.toFixed(1), 'min', times[0]!.toFixed(1), 'all', times.map((t) => t.toFixed(0)).join(' '));
await db.deleteFrom('users').where('email', '=', 'probe@ritm.local').execute();
await app.close();
