// The message catalog for validation issues, in English and Korean. Pure, so the CLI prints the
// same words the editor shows. Placeholders: {name} etc. come from the issue's args.
import type { IssueCode } from '../graph/issue';

export type Lang = 'en' | 'ko';

const en: Record<IssueCode, string> = {
  'unknown-layer-type': '{name}: unknown layer type "{type}" — replace it with a layer from the palette.',
  'invalid-params': '{name}: parameter {param} is invalid ({detail}) — fix it in the inspector.',
  'non-positive-size':
    '{name}: output {axis} {formula} = {value} is not positive — use F ≤ {maxF} or add padding.',
  'stride-drops-border':
    '{name}: ({size} − {F} + 2·{P}) = {span} is not divisible by stride {S}, so the last {dropped} pixel(s) of the {axis} are dropped (frameworks floor) — change P or S to use the whole input.',
  'rank-mismatch': '{name}: expects a {expected} input but got {got} — {hint}',
  'dense-needs-flatten':
    '{name}: Dense expects a vector but got {got} — insert a Flatten (or GlobalAveragePooling2D) before it.',
  'add-shape-mismatch': '{name}: Add needs inputs of one shape but got {shapes} — make them match (e.g. a 1×1 convolution on the shortcut).',
  'concat-shape-mismatch':
    '{name}: Concatenate needs inputs that agree except in channels but got {shapes} — make height and width match.',
  'too-few-inputs': '{name}: needs at least {expected} inputs but has {got} — connect more inputs.',
  'too-many-inputs': '{name}: takes at most {expected} input(s) but has {got} — remove the extra connections.',
  'dangling-input': '{name}: has no input — connect an edge into it.',
  cycle: '{name}: is part of a cycle — a CNN must be acyclic; remove the edge that loops back.',
  'no-input-node': 'The graph has no Input node — add one from the palette.',
  'multiple-input-nodes': '{name}: the graph has {count} Input nodes but one is supported — remove the extra ones.',
  'no-output-node': 'The graph has no Output node — add one (softmax classifier) at the end.',
  'multiple-output-nodes': '{name}: the graph has {count} Output nodes but one is supported — remove the extra ones.',
  'edge-unknown-node': 'Edge {edge} points at node "{node}", which does not exist — delete the edge.',
  'duplicate-node-id': 'Two nodes share the id "{name}" — ids must be unique; re-create one of them.',
  'unreachable-node': '{name}: is not on a path from the Input to the Output, so it is ignored in training.',
  'output-not-vector': '{name}: the Output needs a vector but got {got} — add Flatten or global pooling before it.',
  'channels-not-divisible': '{name}: {detail}',
  'unknown-block': '{name}: uses block "{block}", which this project does not define — pick a block from My blocks or delete the node.',
  'recursive-block': '{name}: block definitions contain themselves ({chain}) — a block cannot hold an instance of itself; remove that instance from the definition.',
  'tensor-too-large':
    '{name}: its output {shape} for a batch of {batch} is {elements} values, more than the {limit} one tfjs tensor can index (32-bit indices) — use a smaller input, fewer filters or a smaller batch.',
  'weights-too-large':
    '{name}: {weights} weights in one layer, more than the {limit} one tfjs tensor can index (32-bit indices) — use fewer units or filters, or pool before it.',
  'training-exceeds-memory':
    'Training needs ≈{need} for a batch of {batch} ({perSample} of activations per sample × 2 for the forward and backward pass × {batch}, plus {weights} for weights, gradients and optimizer state), more than the {available} of memory here — use a smaller batch, a smaller input or fewer filters.',
  'graph-too-deep':
    '{name}: is {depth} layers deep, more than the {limit} tfjs can build (it walks the model recursively and runs out of stack) — use fewer layers in sequence.',
};

const ko: Record<IssueCode, string> = {
  'unknown-layer-type': '{name}: 알 수 없는 층 종류 "{type}" — 팔레트의 층으로 바꾸세요.',
  'invalid-params': '{name}: 매개변수 {param} 값이 잘못되었습니다 ({detail}) — 속성 창에서 고치세요.',
  'non-positive-size': '{name}: 출력 {axis} {formula} = {value} 이(가) 양수가 아닙니다 — F ≤ {maxF} 로 하거나 패딩을 추가하세요.',
  'stride-drops-border':
    '{name}: ({size} − {F} + 2·{P}) = {span} 이(가) 스트라이드 {S} 로 나누어떨어지지 않아 {axis}의 마지막 {dropped} 픽셀이 버려집니다 (프레임워크는 내림) — 입력 전체를 쓰려면 P 또는 S 를 바꾸세요.',
  'rank-mismatch': '{name}: {expected} 입력이 필요하지만 {got} 이(가) 들어왔습니다 — {hint}',
  'dense-needs-flatten': '{name}: Dense 는 벡터 입력이 필요하지만 {got} 이(가) 들어왔습니다 — 앞에 Flatten (또는 GlobalAveragePooling2D) 을 넣으세요.',
  'add-shape-mismatch': '{name}: Add 의 입력은 모양이 같아야 하지만 {shapes} 입니다 — 모양을 맞추세요 (예: 지름길에 1×1 합성곱).',
  'concat-shape-mismatch': '{name}: Concatenate 의 입력은 채널 외에는 같아야 하지만 {shapes} 입니다 — 높이와 너비를 맞추세요.',
  'too-few-inputs': '{name}: 입력이 최소 {expected} 개 필요하지만 {got} 개입니다 — 입력을 더 연결하세요.',
  'too-many-inputs': '{name}: 입력은 최대 {expected} 개인데 {got} 개입니다 — 남는 연결을 지우세요.',
  'dangling-input': '{name}: 입력이 없습니다 — 간선을 연결하세요.',
  cycle: '{name}: 순환의 일부입니다 — CNN 은 순환이 없어야 합니다; 되돌아가는 간선을 지우세요.',
  'no-input-node': '그래프에 Input 노드가 없습니다 — 팔레트에서 추가하세요.',
  'multiple-input-nodes': '{name}: Input 노드가 {count} 개지만 하나만 지원합니다 — 나머지를 지우세요.',
  'no-output-node': '그래프에 Output 노드가 없습니다 — 끝에 (소프트맥스 분류기) Output 을 추가하세요.',
  'multiple-output-nodes': '{name}: Output 노드가 {count} 개지만 하나만 지원합니다 — 나머지를 지우세요.',
  'edge-unknown-node': '간선 {edge} 이(가) 없는 노드 "{node}" 를 가리킵니다 — 간선을 지우세요.',
  'duplicate-node-id': '두 노드의 id "{name}" 가 같습니다 — id 는 고유해야 합니다; 하나를 다시 만드세요.',
  'unreachable-node': '{name}: Input 에서 Output 으로 가는 경로에 없어 학습에서 무시됩니다.',
  'output-not-vector': '{name}: Output 은 벡터가 필요하지만 {got} 입니다 — 앞에 Flatten 또는 전역 풀링을 넣으세요.',
  'channels-not-divisible': '{name}: {detail}',
  'unknown-block': '{name}: 이 프로젝트에 정의되지 않은 블록 "{block}" 을(를) 씁니다 — 내 블록에서 블록을 고르거나 노드를 지우세요.',
  'recursive-block': '{name}: 블록 정의가 자기 자신을 담고 있습니다 ({chain}) — 블록은 자기 인스턴스를 가질 수 없으니 정의에서 그 인스턴스를 지우세요.',
  'tensor-too-large':
    '{name}: 배치 {batch} 의 출력 {shape} 은(는) 값이 {elements} 개로, tfjs 텐서 하나가 담을 수 있는 {limit} 개 (32비트 인덱스) 를 넘습니다 — 입력을 줄이거나 필터 수 또는 배치 크기를 줄이세요.',
  'weights-too-large':
    '{name}: 한 층의 가중치가 {weights} 개로, tfjs 텐서 하나가 담을 수 있는 {limit} 개 (32비트 인덱스) 를 넘습니다 — 유닛이나 필터 수를 줄이거나 앞에서 풀링하세요.',
  'training-exceeds-memory':
    '학습에 배치 {batch} 당 약 {need} 이(가) 필요합니다 (샘플당 활성값 {perSample} × 2 (순전파와 역전파) × {batch}, 그리고 가중치·기울기·옵티마이저 상태 {weights}) — 이 컴퓨터의 메모리 {available} 보다 많습니다; 배치 크기, 입력 크기 또는 필터 수를 줄이세요.',
  'graph-too-deep':
    '{name}: 층이 {depth} 개 이어져 있어 tfjs 가 만들 수 있는 {limit} 개를 넘습니다 (모델을 재귀적으로 훑다가 스택이 모자랍니다) — 이어진 층 수를 줄이세요.',
};

/** Words used inside args (axis names) translated per language. */
const words: Record<Lang, Record<string, string>> = {
  en: {},
  ko: {
    width: '너비',
    height: '높이',
    '3-D (H×W×C)': '3차원 (H×W×C)',
    vector: '벡터',
    'feed it a feature map, not a flattened vector.': '평탄화된 벡터가 아니라 특징 맵 (H×W×C) 을 넣으세요.',
  },
};

export function formatIssueMessage(code: IssueCode, args: Record<string, string | number>, lang: Lang = 'en'): string {
  const template = (lang === 'ko' ? ko : en)[code] ?? code;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = args[k];
    if (v === undefined) return `{${k}}`;
    return typeof v === 'string' ? (Object.hasOwn(words[lang], v) ? words[lang][v] : v) : String(v);
  });
}

export const issueCatalog = { en, ko };
