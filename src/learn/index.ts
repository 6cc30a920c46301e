// The learn views' pure core: per-node activations, Grad-CAM, the convolution arithmetic, receptive fields
// and filters (issue #15). The renderer's learn panel and `cnn-studio explain` both use these.
export { layerActivations, activationOf, analysisOf, inputShapeOf, type NodeActivation } from './activations';
export { gradCam, defaultCamNode, logitsOf, type GradCam } from './gradCam';
export { convArithmetic, axisPadding, applyActivation, type ConvArithmetic, type ConvArithmeticParams } from './convArithmetic';
export { receptiveFieldBox, receptiveFieldOfNode, type PixelBox } from './receptiveField';
export { convFilters, convWeights, convArithmeticParams, convArithmeticAt, CONV_TYPES, type ConvWeights } from './filters';
export { nodeTensors, evaluator, type NodeTensors, type Tf } from './nodeTensors';
