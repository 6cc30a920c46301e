import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channels } from '../../src/contract';
import { graphChannels } from '../../src/contract/graph';
import { defineChannels } from '../../src/contract/define';
import { createDispatcher } from './dispatch';
import { HostFailure, type HandlerContext } from '../services/context';

const ctx: HandlerContext = { emit: () => {}, allowedRoots: [], resourcesDir: '/nonexistent', userDataDir: '/nonexistent' };

describe('dispatch', () => {
  it('rejects a request that fails its schema, naming the field, without running the handler', async () => {
    let ran = 0;
    const dispatch = createDispatcher(graphChannels, {
      'graph.analyze': async () => {
        ran++;
        throw new Error('never runs');
      },
    });
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
    const never = async () => {
      throw new Error('never runs');
    };
    const r = await createDispatcher(graphChannels, { 'graph.analyze': never })('graph.analyze', req, ctx);
    expect(r.ok ? '' : r.error.message).toContain(field + ':');
  });

  const testChannels = defineChannels({
    'test.double': { request: z.object({ x: z.number() }), response: z.object({ y: z.number() }) },
  });

  it.each([
    ['a value', async ({ x }: { x: number }) => ({ y: 2 * x }), { ok: true, value: { y: 42 } }],
    ['a HostFailure', async () => { throw new HostFailure('not-found', 'No such file — check the path.'); }, { ok: false, error: { code: 'not-found', message: 'No such file — check the path.' } }],
    ['a plain Error', async () => { throw new Error('boom'); }, { ok: false, error: { code: 'internal', message: 'test.double failed: boom' } }],
  ])('turns %s into a HostResult', async (_n, handler, expected) => {
    const r = await createDispatcher(testChannels, { 'test.double': handler })('test.double', { x: 21 }, ctx);
    expect(r).toEqual(expected);
  });

  it('answers bad-response for a handler whose answer breaks the schema (which the types refuse too)', async () => {
    // @ts-expect-error y must be a number: a handler answering otherwise does not compile
    const r = await createDispatcher(testChannels, { 'test.double': async () => ({ y: 'no' }) })('test.double', { x: 21 }, ctx);
    expect(r).toEqual({ ok: false, error: { code: 'bad-response', message: expect.stringContaining('response.y') } });
  });

  it.each([
    ['an unknown channel', 'nope.nothing'],
    ['a prototype key', '__proto__'],
  ])('answers %s with unknown-channel', async (_n, channel) => {
    const r = await createDispatcher(testChannels, { 'test.double': async ({ x }) => ({ y: 2 * x }) })(channel, {}, ctx);
    expect(r.ok ? '' : r.error.code).toBe('unknown-channel');
  });

  it('needs a handler for every channel: a map missing one does not compile, and answers not-implemented if forced', async () => {
    // @ts-expect-error 'test.double' has no handler
    const r = await createDispatcher(testChannels, {})('test.double', { x: 1 }, ctx);
    expect(r.ok ? '' : r.error.code).toBe('not-implemented');
  });

  it('serves the whole contract: every channel has a handler in the host', async () => {
    const { allHandlers } = await import('../services');
    expect(Object.keys(channels).filter((c) => !Object.hasOwn(allHandlers, c))).toEqual([]);
    expect(Object.keys(allHandlers).filter((c) => !Object.hasOwn(channels, c))).toEqual([]);
  });
});
