// Placeholder: the export feature replaces this command.
import type { CliCommand } from './command';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export trained weights (not available yet)',
  usage: 'export <file>',
  async run(_args, io) {
    io.err('cnn-studio export: not available yet.');
    return 2;
  },
};
