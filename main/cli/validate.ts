// `cnn-studio validate <file|template>`: every node's shape, params, MACs and receptive field, the totals,
// and the issues; exit 1 when the graph has errors (so scripts and CI can gate on it).
import { formatIssueMessage, type Lang } from '../../src/i18n/issues';
import { parseArgs, type CliCommand } from './command';
import { loadProjectArg } from './loadProject';
import { formatAnalysis, reportOrder } from './formatAnalysis';

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check a project or template: shapes, parameters, MACs, receptive fields and problems',
  usage: 'validate <file|template> [--json] [--lang en|ko]',
  async run(args, io) {
    const { positional, flags } = parseArgs(args, ['json']);
    const lang = flags.lang ?? 'en';
    if (lang !== 'en' && lang !== 'ko') {
      io.err(`validate: --lang must be en or ko, not "${lang}".`);
      return 2;
    }
    if (positional.length !== 1) {
      io.err('validate: give one project file or template id, e.g. `cnn-studio validate model.cnnproj`.');
      return 2;
    }
    const loaded = await loadProjectArg(positional[0]);
    if (!loaded.ok) {
      io.err(`validate: ${loaded.message}`);
      return 2;
    }
    const { doc } = loaded;
    // Imported here so `--help` and the other commands start without loading every layer.
    const { analyzeGraph } = await import('../../src/analysis/analyzeGraph');
    const a = analyzeGraph(doc.graph);
    const ids = reportOrder(a, doc.graph.nodes.map((n) => n.id));
    if (flags.json) {
      const report = {
        source: loaded.source,
        name: doc.name,
        ok: a.ok,
        nodes: ids.map((id) => a.nodes[id]).filter(Boolean).map((n) => ({
          id: n.nodeId,
          name: n.name,
          type: n.type,
          outputShape: n.outputShape ?? null,
          params: n.paramCount,
          macs: n.macs,
          receptiveField: n.receptiveField ?? null,
        })),
        totals: a.totals,
        issues: a.issues.map((i) => ({ ...i, message: formatIssueMessage(i.code, i.args, lang as Lang) })),
      };
      io.out(JSON.stringify(report, null, 2));
    } else {
      io.out(`${doc.name} (${loaded.source})\n`);
      io.out(formatAnalysis(a, ids, lang as Lang));
    }
    return a.ok ? 0 : 1;
  },
};
