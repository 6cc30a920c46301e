// The learn views' pure core: per-node activations, Grad-CAM, the convolution arithmetic, receptive fields
// and filters (issue #15). The renderer's learn panel and `cnn-studio explain` both use these.
export { layerActivations, activationOf, analysisOf, inputShapeOf, type NodeActivation, type ActivationOptions } from './activations';
export { gradCam, defaultCamNode, logitsOf, type GradCam } from './gradCam';
export { gradCams } from './gradCams';
export { convArithmetic, axisPadding, applyActivation, type ConvArithmetic, type ConvArithmeticParams } from './convArithmetic';
export { receptiveFieldBox, receptiveFieldOfNode, type PixelBox } from './receptiveField';
export { convFilters, convWeights, convArithmeticParams, convArithmeticAt, CONV_TYPES, type ConvWeights } from './filters';
export { nodeTensors, evaluator, type NodeTensors, type Tf } from './nodeTensors';
export { topPatches, cropTopPatches, cropPatch, patchBox, sampleSource, type TopPatches, type TopPatch, type PatchBox, type CroppedTopPatches, type CroppedPatch, type InputSource, type InputBatch } from './topPatches';
export { blockInsides, innerNodes, nodeAt, walkNodes, expandedGraph, outputPathOf, isInnerPath, blockOfPath, PATH_SEPARATOR, type InnerNode, type WalkedNode } from './blockInsides';
