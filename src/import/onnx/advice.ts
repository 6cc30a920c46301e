// What to tell a user about an ONNX node CNN Studio cannot hold: why, and what to change in the original
// model. Keyed by op type; a reader's own refusal ('Conv(group=2)') keeps its wording and gets the op's advice.
const ADVICE: Record<string, string> = {
  ConvTranspose: 'CNN Studio has no transposed-convolution (deconvolution) layer; it holds classifiers. Replace it with upsampling + Conv2D, or open the encoder part only.',
  Conv: 'CNN Studio has Conv2D (group 1) and depthwise convolution (group = channels) with square kernels, square strides and symmetric pads; split a grouped convolution into parallel Conv2D branches joined by Concatenate.',
  Resize: 'CNN Studio has no upsampling layer; it holds classifiers that shrink the image.',
  Upsample: 'CNN Studio has no upsampling layer; it holds classifiers that shrink the image.',
  Mul: 'a multiplication that is not a constant scale CNN Studio could fold into the layer before it; move the scaling into data normalisation or into the previous layer.',
  Div: 'an element-wise division CNN Studio has no layer for; move the scaling into data normalisation.',
  Sub: 'an element-wise subtraction CNN Studio has no layer for; move the mean subtraction into data normalisation.',
  MatMul: 'CNN Studio reads MatMul (followed by Add of a bias) only as a fully connected layer on a flattened vector, with a constant weight matrix.',
  Reshape: 'CNN Studio reads Reshape only as Flatten: to [N, C·H·W] (shape [0, -1], [-1, C·H·W] or [1, C·H·W]); other reshapes have no layer.',
  Transpose: 'CNN Studio reads Transpose only as the NHWC↔NCHW change tf2onnx writes at the input and before Flatten; other transposes have no layer.',
  MaxPool: 'CNN Studio pools with square windows, strides and pads, and ceil_mode only where it adds no partial window; export with ceil_mode=False, or pad the input so the windows fit.',
  AveragePool: 'CNN Studio pools with square windows, strides and pads, and ceil_mode only where it adds no partial window; export with ceil_mode=False, or pad the input so the windows fit.',
  Softmax: 'CNN Studio applies softmax only in its Output layer (a Dense layer + softmax over the classes); put a Linear / Dense layer right before the final softmax.',
  Gemm: 'CNN Studio reads Gemm as a fully connected layer: y = x·Wᵀ + b with alpha = beta = 1, a constant W and no transA.',
  Pad: 'CNN Studio pads H and W with zeros, the same amount on every side.',
  Concat: 'CNN Studio concatenates feature maps along the channel axis only.',
  Add: 'CNN Studio adds two graph tensors of one shape (a residual skip); adding a constant has no layer — fold it into the previous layer\'s bias.',
  Flatten: 'CNN Studio flattens to [N, C·H·W] (axis 1) only.',
};

const GENERIC = 'CNN Studio has no layer that computes it; remove or replace it in the original model and export it again.';

/** Why the op has no counterpart and what to do. */
export const onnxAdvice = (op: string): string => (Object.hasOwn(ADVICE, op) ? ADVICE[op] : GENERIC);
