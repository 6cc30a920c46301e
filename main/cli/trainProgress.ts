// What `cnn-studio train` prints while it runs: a one-line progress bar on a terminal, plain lines per
// epoch otherwise, or JSON lines (--json) for scripts: {"type":"start"|"batch"|"epoch"|"done", …}.
import type { CliIO } from './command';
import type { BatchReport, EpochReport, TrainStart } from '../../src/train/trainer';

export interface Progress {
  start(s: TrainStart & Record<string, unknown>): void;
  batch(b: BatchReport): void;
  epoch(e: EpochReport): void;
  done(summary: Record<string, unknown>): void;
}

const fmtTime = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m${Math.round(s % 60)}s` : `${s.toFixed(0)}s`);

export function makeProgress(io: CliIO, opts: { json: boolean; tty: boolean; write?: (t: string) => void }): Progress {
  let info: TrainStart | undefined;
  let lastJson = 0;
  let started = Date.now();
  // The bar's own \r and ESC [2K bypass io (whose text runCli escapes, terminalSafe.ts): only numbers and our
  // words go through `write`, never a name or a path.
  const write = opts.write ?? ((t: string) => process.stderr.write(t));
  const pct = (b: BatchReport) => (b.epoch * b.batchesPerEpoch + b.batch + 1) / (info!.epochs * b.batchesPerEpoch);
  return {
    start(s) {
      info = s;
      started = Date.now();
      if (opts.json) io.out(JSON.stringify({ type: 'start', ...s }));
      else io.err(`Training on ${s.trainSamples} samples, validating on ${s.validationSamples}; ${s.epochs} epoch${s.epochs === 1 ? '' : 's'} of ${s.batchesPerEpoch} batch${s.batchesPerEpoch === 1 ? '' : 'es'}.`);
    },
    batch(b) {
      const now = Date.now();
      if (opts.json) {
        // At most 4 lines a second, plus each epoch's last batch.
        if (now - lastJson >= 250 || b.batch === b.batchesPerEpoch - 1) {
          lastJson = now;
          io.out(JSON.stringify({ type: 'batch', ...b }));
        }
        return;
      }
      if (!opts.tty || now - lastJson < 100) return;
      lastJson = now;
      const p = pct(b);
      const elapsed = (now - started) / 1000;
      const eta = p > 0 ? (elapsed * (1 - p)) / p : 0;
      const width = 24;
      const bar = '█'.repeat(Math.round(p * width)).padEnd(width, '░');
      write(`\r${bar} ${(p * 100).toFixed(0).padStart(3)}%  epoch ${b.epoch + 1}/${info!.epochs}  loss ${b.loss.toFixed(4)}  acc ${(b.acc * 100).toFixed(1)}%  ${b.samplesPerSec.toFixed(0)} samples/s  ETA ${fmtTime(eta)}   `);
    },
    epoch(e) {
      if (opts.json) return io.out(JSON.stringify({ type: 'epoch', ...e }));
      if (opts.tty) write('\r\x1b[2K');
      const val = e.valLoss !== undefined ? `  val_loss ${e.valLoss.toFixed(4)}  val_acc ${(e.valAcc! * 100).toFixed(2)}%` : '';
      io.err(`epoch ${e.epoch + 1}/${info?.epochs ?? '?'}  loss ${e.loss.toFixed(4)}  acc ${(e.acc * 100).toFixed(2)}%${val}  (${e.seconds.toFixed(1)} s)`);
    },
    done(summary) {
      if (opts.json) io.out(JSON.stringify({ type: 'done', ...summary }));
      else if (opts.tty) write('\r\x1b[2K');
    },
  };
}
