// A child process for main/web/bodyLimits.test.ts: the real web host with its default body limits and a
// test contract, so the test can send a 300 MB body over a real socket and then ask the host for its peak
// memory (VmHWM, Linux). Prints its origin and token as one JSON line.
//   test.small   a call that takes a little JSON (gets the default limit)
//   test.upload  a call that takes bytes, allowed MAX_BODY_BYTES like train.saveWeights
//   test.memory  the host's peak and current resident memory
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { z } from 'zod';
import { defineChannels } from '../../src/contract/define';
import { BytesSchema } from '../../src/contract/primitives';
import { createDispatcher } from '../transport/dispatch';
import { MAX_BODY_BYTES, startWebHost } from './server';

const channels = defineChannels({
  'test.small': { request: z.object({ text: z.string() }), response: z.object({ n: z.number() }) },
  'test.upload': { request: z.object({ bytes: BytesSchema }), response: z.object({ n: z.number() }) },
  'test.memory': { request: z.object({}), response: z.object({ peakBytes: z.number(), rssBytes: z.number() }) },
});

const peakBytes = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024;

const dispatch = createDispatcher(channels, {
  'test.small': async ({ text }) => ({ n: text.length }),
  'test.upload': async ({ bytes }) => ({ n: bytes.byteLength }),
  'test.memory': async () => ({ peakBytes: peakBytes(), rssBytes: process.memoryUsage().rss }),
});

const web = await startWebHost({ userDataDir: tmpdir(), resourcesDir: tmpdir(), dispatch, bodyLimits: { byChannel: { 'test.upload': MAX_BODY_BYTES } } });
process.stdout.write(JSON.stringify({ origin: web.origin, port: web.port, token: web.token }) + '\n');
