// PyTorch's ONNX node names are scopes: "/layer1/layer1.0/conv1/Conv" is the Conv of module layer1.0.conv1,
// "/layer1/layer1.0/Add" an add in layer1.0's forward. As node names the module paths are what the user wrote
// (and what the state dict calls the weights), so a node is named after its module — with the op appended
// where its module's forward holds several ops ("layer1.0.Add") — rather than the whole scope.

/** The scope's segments and its op, for a PyTorch-style name ("/a/a.0/Conv"); undefined for any other name. */
function scopeOf(name: string): { segments: string[]; op: string } | undefined {
  if (!name.startsWith('/')) return undefined;
  const parts = name.slice(1).split('/');
  if (parts.length < 1 || parts.some((p) => !p)) return undefined;
  return { segments: parts.slice(0, -1), op: parts.at(-1)! };
}

/** Module path from scope segments: "layer1", "layer1.0" (already qualified), "conv1" → "layer1.0.conv1". */
function modulePath(segments: string[]): string {
  let q = '';
  for (const s of segments) q = !q ? s : s.startsWith(`${q}.`) ? s : `${q}.${s}`;
  return q;
}

/**
 * Names for PyTorch-style node names (others map to themselves): the module path where it holds one layer
 * node, "<path>.<op>" where it holds several or for an op at the top level ("Flatten").
 */
export function pytorchNodeNames(nodes: readonly { name: string; op: string }[]): Map<string, string> {
  const perScope = new Map<string, number>();
  const scoped = nodes.map(({ name: n, op }) => {
    const s = scopeOf(n);
    const path = s && modulePath(s.segments);
    // Constants (ReLU6's Clip bounds at opset ≥ 11) and Identities are not layers: they do not make a module hold several.
    if (path !== undefined && op !== 'Constant' && op !== 'Identity') perScope.set(path, (perScope.get(path) ?? 0) + 1);
    return { n, s, path };
  });
  return new Map(scoped.map(({ n, s, path }) => [n, !s || path === undefined ? n : !path ? s.op : perScope.get(path) === 1 ? path : `${path}.${s.op}`]));
}
