// Runs once before every test file: the embedded MNIST binary is generated on first use, and tests that
// read it directly must not depend on another test having generated it first.
import { ensureMnistFile } from '../node/data/ensureMnist';

export default async function setup(): Promise<void> {
  await ensureMnistFile();
}
