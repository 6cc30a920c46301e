// The two networks the training bench times, built with tf.layers:
//   LeNet-5 (LeCun et al. 1998) on 28×28×1: conv6@5×5 same → pool → conv16@5×5 → pool → 120 → 84 → 10.
//   ResNet-20 (He et al. 2016, CIFAR variant) on 32×32×3: 3 stages × 3 basic blocks of 16/32/64 filters,
//   1×1 stride-2 projection shortcuts where the shape changes, global average pool → 10.
// TODO(templates): build from src/templates/index.ts + src/train/buildTfModel.ts once those exist, so the
// bench times exactly what the app trains.
import type * as tfjs from '@tensorflow/tfjs';

type Tf = typeof tfjs;

export interface BenchModel {
  name: string;
  inputShape: [number, number, number];
  classes: number;
  build(tf: Tf): tfjs.LayersModel;
}

export const lenet5: BenchModel = {
  name: 'LeNet-5',
  inputShape: [28, 28, 1],
  classes: 10,
  build(tf) {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 120, activation: 'relu' }));
    model.add(tf.layers.dense({ units: 84, activation: 'relu' }));
    model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
    return model;
  },
};

export const resnet20: BenchModel = {
  name: 'ResNet-20',
  inputShape: [32, 32, 3],
  classes: 10,
  build(tf) {
    const input = tf.input({ shape: [32, 32, 3] });
    const convBnRelu = (x: tfjs.SymbolicTensor, filters: number, strides: number, relu: boolean) => {
      let y = tf.layers.conv2d({ filters, kernelSize: 3, strides, padding: 'same', useBias: false }).apply(x) as tfjs.SymbolicTensor;
      y = tf.layers.batchNormalization().apply(y) as tfjs.SymbolicTensor;
      return relu ? (tf.layers.activation({ activation: 'relu' }).apply(y) as tfjs.SymbolicTensor) : y;
    };
    let x = convBnRelu(input, 16, 1, true);
    for (const [stage, filters] of [16, 32, 64].entries()) {
      for (let block = 0; block < 3; block++) {
        const strides = stage > 0 && block === 0 ? 2 : 1;
        let shortcut = x;
        if (strides !== 1) {
          shortcut = tf.layers.conv2d({ filters, kernelSize: 1, strides, useBias: false }).apply(x) as tfjs.SymbolicTensor;
          shortcut = tf.layers.batchNormalization().apply(shortcut) as tfjs.SymbolicTensor;
        }
        const y = convBnRelu(convBnRelu(x, filters, strides, true), filters, 1, false);
        x = tf.layers.add().apply([y, shortcut]) as tfjs.SymbolicTensor;
        x = tf.layers.activation({ activation: 'relu' }).apply(x) as tfjs.SymbolicTensor;
      }
    }
    x = tf.layers.globalAveragePooling2d({}).apply(x) as tfjs.SymbolicTensor;
    const output = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(x) as tfjs.SymbolicTensor;
    return tf.model({ inputs: input, outputs: output });
  },
};
