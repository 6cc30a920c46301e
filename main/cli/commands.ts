// Every CLI command, written out: adding one is a file in main/cli/ and one entry here.
import type { CliCommand } from './command';
import { validateCommand } from './validate';
import { trainCommand } from './train';
import { exportCommand } from './export';
import { importCommand } from './import';
import { explainCommand } from './explain';
import { diffCommand } from './diff';
import { robustnessCommand } from './robustness';
import { sweepCommand } from './sweep';
import { evaluateCommand } from './evaluate';
import { importWeightsCommand } from './importWeights';

export const commands: readonly CliCommand[] = [validateCommand, trainCommand, exportCommand, importCommand, explainCommand, diffCommand, robustnessCommand, sweepCommand, evaluateCommand, importWeightsCommand];
