// File → Load weights…: a PyTorch state dict (.safetensors, as the PyTorch export's train.py saves it) becomes
// the open project's trained weights — the host maps it onto this graph ('import.torchWeights', the same code
// as `cnn-studio import-weights`) and the training session adopts it as it adopts an opened model's weights, so
// Evaluate, the Explain views and Export use them (and a saved project keeps them beside it). A file that does
// not fit changes nothing: the host's message, naming each tensor, is shown as other import errors are.
import { host } from '../services/host';
import { i18n } from '../i18n';
import { useProjectStore } from '../store/projectStore';
import { notify } from '../app/noticesAndDialogs';
import { choosePath, lastBrowsedFolder } from '../files/choosePath';
import { adoptImportedWeights } from '../training/trainingSession';
import { graphHash } from '../../src/train/graphHash';

const t = (key: string, opts?: Record<string, unknown>) => i18n.t(key, opts);

export async function loadTorchWeights(): Promise<boolean> {
  const { doc, filePath, loadSeq } = useProjectStore.getState();
  const path = await choosePath({
    kind: 'open-file',
    title: t('files:titles.torchWeights'),
    filters: [{ name: t('files:filters.torchWeights'), extensions: ['safetensors'] }],
    defaultPath: filePath ?? lastBrowsedFolder(),
  });
  if (!path) return false;
  try {
    const r = await host.invoke('import.torchWeights', { path, doc });
    // Another project opened, or the graph edited, while the file was read: the weights fit the graph sent, not this one.
    const now = useProjectStore.getState();
    if (now.loadSeq !== loadSeq || graphHash(now.doc.graph) !== graphHash(doc.graph)) {
      notify('error', t('files:torchWeights.changed'));
      return false;
    }
    adoptImportedWeights(doc, r.weights);
    notify('info', t('files:torchWeights.loaded', { file: path, tensors: r.tensors, values: r.values.toLocaleString(i18n.language) }));
    return true;
  } catch (e) {
    notify('error', t('files:torchWeights.failed', { message: e instanceof Error ? e.message : String(e) }));
    return false;
  }
}
