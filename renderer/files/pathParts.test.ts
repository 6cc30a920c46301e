import { describe, expect, it } from 'vitest';
import { breadcrumbs, isFullPath, joinPath, splitPath, withExtension } from './pathParts';

describe('file browser paths', () => {
  it.each([
    ['/tmp', '/tmp', '/', [['/tmp', '/tmp']]],
    ['/tmp/a/b', '/tmp', '/', [['/tmp', '/tmp'], ['a', '/tmp/a'], ['b', '/tmp/a/b']]],
    ['/a', '/', '/', [['/', '/'], ['a', '/a']]],
    ['C:\\Users\\me\\data', 'C:\\Users\\me', '\\', [['C:\\Users\\me', 'C:\\Users\\me'], ['data', 'C:\\Users\\me\\data']]],
  ])('breadcrumbs of %s under %s', (path, root, sep, want) => {
    expect(breadcrumbs(path, root, sep).map((c) => [c.label, c.path])).toEqual(want);
  });

  it.each([
    ['net', ['cnnproj'], 'net.cnnproj'],
    ['net.CNNPROJ', ['cnnproj'], 'net.CNNPROJ'],
    ['net.json', ['cnnproj'], 'net.json.cnnproj'],
    ['report', undefined, 'report'],
    ['model.onnx', ['json', 'onnx'], 'model.onnx'],
  ])('withExtension(%s, %j) = %s', (name, ext, want) => expect(withExtension(name, ext)).toBe(want));

  it('joins, splits and recognises full paths', () => {
    expect(joinPath('/tmp', 'a.cnnproj', '/')).toBe('/tmp/a.cnnproj');
    expect(joinPath('/', 'a', '/')).toBe('/a');
    expect(splitPath('/tmp/x/net.cnnproj')).toEqual({ folder: '/tmp/x', name: 'net.cnnproj' });
    expect(splitPath('/net.cnnproj')).toEqual({ folder: '/', name: 'net.cnnproj' });
    expect([isFullPath('/tmp'), isFullPath('C:\\x'), isFullPath('tmp/x'), isFullPath('~/x')]).toEqual([true, true, false, false]);
  });
});
