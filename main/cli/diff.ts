// `cnn-studio diff <a> <b>`: what changed from one project (or template) to another, as a code diff of the
// graph — nodes added, removed and changed with each parameter, edges, block definitions, Δparams and ΔMACs.
// Exit codes as diff(1): 0 the graphs are the same (layout aside), 1 they differ, 2 an argument is not a project.
import { defineCommand } from './command';
import { choice, flag } from './options';
import { loadProjectArg } from './loadProject';
import { formatDiff } from './formatDiff';

const side = (which: 'a' | 'b', what: string) => ({
  name: which,
  description: `${what}: a project file (.cnnproj) or a template id (e.g. lenet5, resnet20)`,
});

export const diffCommand = defineCommand({
  name: 'diff',
  summary: 'Compare two projects or templates: nodes added, removed and changed, edges, blocks, Δparams and ΔMACs',
  arguments: [side('a', 'the project before'), side('b', 'the project after')],
  options: {
    json: flag('print the diff as JSON (nodes, edges, blocks, totals) instead of a listing'),
    lang: choice({ en: 'English', ko: 'Korean' }, { description: 'the language of the listing', default: 'en' }),
  },
  examples: ['cnn-studio diff lenet5 my.cnnproj', 'cnn-studio diff old.cnnproj new.cnnproj --json'],
  async run({ args: [aArg, bArg], options: { json, lang } }, io) {
    const [a, b] = await Promise.all([loadProjectArg(aArg), loadProjectArg(bArg)]);
    if (!a.ok) return (io.err(`diff: ${a.message}`), 2);
    if (!b.ok) return (io.err(`diff: ${b.message}`), 2);
    // Imported here so `--help` and the other commands start without loading every layer.
    const { diffGraphs } = await import('../../src/experiments/graphDiff');
    const d = diffGraphs(a.doc.graph, b.doc.graph);
    if (json) io.out(JSON.stringify({ a: { source: a.source, name: a.doc.name }, b: { source: b.source, name: b.doc.name }, ...d }, null, 2));
    else io.out(formatDiff(d, { a: `${a.doc.name} (${a.source})`, b: `${b.doc.name} (${b.source})` }, lang));
    return d.equal ? 0 : 1;
  },
});
