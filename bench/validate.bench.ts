// Round trip of 'graph.analyze' on a ResNet-152-sized graph (≈515 nodes): zod request validation →
// analyzeGraph → zod response validation, in-process (Electron IPC adds structured clone) and over the
// web host's HTTP transport. Target: well under one 60 Hz frame (16 ms). Run: npx tsx bench/validate.bench.ts
import { channels } from '../src/contract';
import { analyzeGraph } from '../src/analysis/analyzeGraph';
import { dispatch } from '../main/transport';
import type { HandlerContext } from '../main/services/context';
import { startWebHost } from '../main/web/server';
import { createWebClient } from '../src/contract/webClient';
import { resnet152Graph } from './resnet152';

const ctx: HandlerContext = { emit: () => {}, allowedRoots: [], resourcesDir: '.', userDataDir: '/tmp' };

async function measure(name: string, runs: number, fn: () => unknown | Promise<unknown>) {
  for (let i = 0; i < 20; i++) await fn(); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  console.log(`${name.padEnd(44)} median ${q(0.5).toFixed(2).padStart(6)} ms   p95 ${q(0.95).toFixed(2).padStart(6)} ms`);
  return q(0.5);
}

const graph = resnet152Graph();
const a = analyzeGraph(graph);
console.log(`ResNet-152 graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges, ${a.totals.trainable.toLocaleString('en-US')} trainable params, ${a.issues.filter((i) => i.severity === 'error').length} errors`);

await measure('zod request validation only', 50, () => channels['graph.analyze'].request.parse({ graph }));
await measure('analyzeGraph only', 50, () => analyzeGraph(graph));
const median = await measure('dispatch round trip (in-process, IPC path)', 50, async () => {
  const r = await dispatch('graph.analyze', { graph }, ctx);
  if (!r.ok) throw new Error(r.error.message);
});
await measure('structured clone of request + response', 50, async () => {
  const r = await dispatch('graph.analyze', structuredClone({ graph }), ctx);
  structuredClone(r);
});
const web = await startWebHost({ userDataDir: '/tmp', resourcesDir: '.', dispatch });
const client = createWebClient({ baseUrl: web.origin, token: web.token });
await measure('web host HTTP round trip (fetch + wire)', 30, () => client.invoke('graph.analyze', { graph }));
await web.close();
console.log(median < 16 ? `OK: dispatch round trip ${median.toFixed(2)} ms < 16 ms` : `SLOW: dispatch round trip ${median.toFixed(2)} ms ≥ 16 ms`);
