import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels } from '../../src/contract';
import { defineChannels } from '../../src/contract/define';
import { createDispatcher } from './dispatch';
import { HostFailure, type HandlerContext } from '../services/context';

const ctx: HandlerContext = { emit: () => {}, allowedRoots: [], resourcesDir: '/nonexistent', userDataDir: '/nonexistent' };

describe('dispatch', () => {
  it('rejects a request that fails its schema, naming the field, without running the handler', async () => {
    let ran = 0;
    const dispatch = createDispatcher(channels, { 'graph.analyze': async () => (ran++, {}) });
    const bad = { graph: { nodes: [{ id: 7, type: 'Input' }], edges: [] } };
    const r = await dispatch('graph.analyze', bad, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-request');
      expect(r.error.message).toContain('request.graph.nodes.0.id');
    }
    expect(ran).toBe(0);
  });

  it.each([
    ['missing request', undefined, 'request'],
    ['edges not an array', { graph: { nodes: [], edges: {} } }, 'request.graph.edges'],
  ])('%s → bad-request naming %s', async (_n, req, field) => {
    const r = await createDispatcher(channels, { 'graph.analyze': async () => ({}) as any })('graph.analyze', req, ctx);
    expect(r.ok ? '' : r.error.message).toContain(field + ':');
  });

  const testChannels = defineChannels({
    'test.double': { request: z.object({ x: z.number() }), response: z.object({ y: z.number() }) },
  });

  it.each([
    ['a value', async ({ x }: { x: number }) => ({ y: 2 * x }), { ok: true, value: { y: 42 } }],
    ['a HostFailure', async () => { throw new HostFailure('not-found', 'No such file — check the path.'); }, { ok: false, error: { code: 'not-found', message: 'No such file — check the path.' } }],
    ['a plain Error', async () => { throw new Error('boom'); }, { ok: false, error: { code: 'internal', message: 'test.double failed: boom' } }],
    ['an invalid response', async () => ({ y: 'no' }), { ok: false, error: { code: 'bad-response', message: expect.stringContaining('response.y') } }],
  ])('turns %s into a HostResult', async (_n, handler, expected) => {
    const r = await createDispatcher(testChannels, { 'test.double': handler as any })('test.double', { x: 21 }, ctx);
    expect(r).toEqual(expected);
  });

  it.each([
    ['an unknown channel', 'nope.nothing', 'unknown-channel'],
    ['a prototype key', '__proto__', 'unknown-channel'],
    ['a contract channel without a handler', 'test.double', 'not-implemented'],
  ])('answers %s with a code', async (_n, channel, code) => {
    const r = await createDispatcher(testChannels, {})(channel, {}, ctx);
    expect(r.ok ? '' : r.error.code).toBe(code);
  });
});
