// `cnn-studio validate <file|template>`: every node's shape, params, MACs and receptive field, the totals,
// and the issues; exit 1 when the graph has errors (so scripts and CI can gate on it). Warnings include what
// would stop `train` on this machine (tfjs's tensor and depth limits, memory for the project's batch size).
import os from 'node:os';
import { formatIssueMessage } from '../../src/i18n/issues';
import { defineCommand } from './command';
import { choice, flag } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { formatAnalysis, reportOrder } from './formatAnalysis';
import { blockReports, formatBlocks } from './formatBlocks';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check a project or template: shapes, parameters, MACs, receptive fields and problems',
  arguments: [PROJECT_ARGUMENT],
  options: {
    json: flag('print the report as JSON (nodes, totals, issues) instead of a table'),
    lang: choice({ en: 'English', ko: 'Korean' }, { description: 'the language of the report and its issues', default: 'en' }),
  },
  examples: ['cnn-studio validate resnet20', 'cnn-studio validate my.cnnproj --json --lang ko'],
  async run({ args: [project], options: { json, lang } }, io) {
    const loaded = await loadProjectArg(project);
    if (!loaded.ok) {
      io.err(`validate: ${loaded.message}`);
      return 2;
    }
    const { doc } = loaded;
    // Imported here so `--help` and the other commands start without loading every layer.
    const { analyzeGraph } = await import('../../src/analysis/analyzeGraph');
    const { withTrainability } = await import('../../src/train/trainability');
    const a = withTrainability(doc.graph, analyzeGraph(doc.graph), { batch: doc.training.batchSize, memoryBytes: os.totalmem() });
    const ids = reportOrder(a, doc.graph.nodes.map((n) => n.id));
    if (json) {
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
        // Every user block instance (nested ones by path) with its definition, ×N and per-repeat shapes.
        blocks: blockReports(doc.graph, a).rows,
        issues: a.issues.map((i) => ({ ...i, message: formatIssueMessage(i.code, i.args, lang) })),
      };
      io.out(JSON.stringify(report, null, 2));
    } else {
      io.out(`${doc.name} (${loaded.source})\n`);
      io.out(formatAnalysis(a, ids, lang, formatBlocks(doc.graph, a, lang)));
    }
    return a.ok ? 0 : 1;
  },
});
