// Placeholder: the train feature replaces this command.
import type { CliCommand } from './command';

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a project on its dataset (not available yet)',
  usage: 'train <file>',
  async run(_args, io) {
    io.err('cnn-studio train: not available yet.');
    return 2;
  },
};
