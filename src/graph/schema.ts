// The graph document: nodes (a layer type id + params) and edges between them.
// Defined once with zod so project files, IPC messages and the UI share one schema.
import { z } from 'zod';

export const NodeIdSchema = z.string().min(1).max(200);

export const PositionSchema = z.object({ x: z.number().finite(), y: z.number().finite() });

export const GraphNodeSchema = z.object({
  id: NodeIdSchema,
  /** Layer type id: a Keras class name such as `Conv2D`. */
  type: z.string().min(1).max(100),
  /** User-visible name; defaults to the id. */
  name: z.string().max(200).optional(),
  /** Raw params; each layer's own schema validates and fills defaults. */
  params: z.record(z.string(), z.unknown()).default({}),
  position: PositionSchema.optional(),
  /** Composite nodes (ResidualBlock, InceptionBlock) may be shown expanded. */
  expanded: z.boolean().optional(),
  /** Fine-tuning: false freezes the node's weights (and runs its BatchNormalization in inference mode); absent = true. */
  trainable: z.boolean().optional(),
  /** Fine-tuning: the node's learning rate is the run's × this (0 = no steps); absent = 1. */
  lrMultiplier: z.number().finite().min(0).max(1000).optional(),
});

export const GraphEdgeSchema = z.object({
  id: z.string().min(1).max(200),
  source: NodeIdSchema,
  target: NodeIdSchema,
  /** Input slot on the target; multi-input layers (Add, Concatenate) order inputs by it, then by edge order. */
  targetSlot: z.number().int().min(0).max(1000).optional(),
});

/** The inside of a user block: an ordinary node/edge list (it may hold 'Block' nodes of other definitions). */
export const BlockGraphSchema = z.object({
  nodes: z.array(GraphNodeSchema).max(20000),
  edges: z.array(GraphEdgeSchema).max(50000),
});

/**
 * A user-defined block: one definition shared by every 'Block' node naming its id (src/layers/userBlock.ts).
 * The block's one input tensor feeds each of `inputs`; `output`'s tensor leaves it.
 */
export const BlockDefinitionSchema = z.object({
  id: NodeIdSchema,
  name: z.string().min(1).max(200),
  graph: BlockGraphSchema,
  /** Inner node ids fed from outside, in the order their cut edges had. */
  inputs: z.array(NodeIdSchema).min(1).max(1000),
  /** The inner node whose output is the block's. */
  output: NodeIdSchema,
});

export const GraphSchema = z.object({
  nodes: z.array(GraphNodeSchema).max(20000),
  edges: z.array(GraphEdgeSchema).max(50000),
  /** User block definitions the graph's 'Block' nodes (and nested definitions) refer to. */
  blocks: z.array(BlockDefinitionSchema).max(1000).optional(),
});

export type GraphNode = z.infer<typeof GraphNodeSchema>;
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;
export type Graph = z.infer<typeof GraphSchema>;
export type BlockDefinition = z.infer<typeof BlockDefinitionSchema>;
export type Position = z.infer<typeof PositionSchema>;

/** A tensor shape without the batch axis, channels last (NHWC like Keras): [H, W, C] or [N]. */
export type Shape = number[];

export const formatShape = (s: Shape | undefined): string => (s ? s.join('×') : '?');
