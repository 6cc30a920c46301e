// Texts of the explanations of layers, parameters and metrics (namespace "explain"), merged by renderer/i18n/index.ts.
// The layers' own explanations live in their files (src/layers/*.ts `explain`); these are the inspector's and
// the status bar's words around them, and the meanings of the metrics.
export default {
  en: {
    about: {
      title: 'About this layer',
      when: 'When to use it',
      numbers: "With this node's numbers",
      noNumbers: 'The formulas appear here once this node has a valid input.',
    },
    field: {
      help: 'What is {{name}}?',
      derived: '= {{name}} ({{value}})',
      derivedNote: 'Empty: {{name}} = {{value}}.',
      decrease: 'Decrease {{name}}',
      increase: 'Increase {{name}}',
      editing: 'Enter or leaving the field applies it, Esc reverts.',
    },
    metric: {
      inputs: {
        label: 'Input shapes',
        meaning: 'The shapes arriving on the incoming connections: height × width × depth (D1), or a vector length.',
      },
      outputShape: {
        label: 'Output shape',
        meaning: 'H2 × W2 × D2, the feature map this layer hands to the next one. For a window of F with stride S and padding P: W2 = (W1 − F + 2P)/S + 1.',
      },
      params: {
        label: 'Parameters',
        meaning: 'The numbers this layer learns (weights and biases); training adjusts them. A convolution has (F·F·D1)·K + K: each of the K filters has F·F·D1 weights and one bias. Pooling, ReLU and flatten learn nothing.',
      },
      nonTrainable: {
        label: 'Non-trainable',
        meaning: 'Numbers kept with the model but not learned by gradients, such as batch normalization’s moving mean and variance.',
      },
      macs: {
        label: 'MACs',
        meaning: 'Multiply-accumulates for one image: each is one multiplication and one addition (a ← a + w·x). A measure of the computation, hence of the time, not of memory. A convolution needs H2·W2·K·F·F·D1.',
      },
      receptiveField: {
        label: 'Receptive field',
        meaning: 'The patch of the input image that one output value depends on, r × r pixels. Each F×F layer widens it by (F − 1)·j. "(/j)" is the jump: neighbouring outputs are j input pixels apart (the product of the strides so far).',
      },
      memory: {
        label: 'Activation memory',
        meaning: 'The values this layer outputs for one image, 4 bytes each (float32). Training keeps them for the backward pass, so memory grows with the batch size.',
      },
    },
    value: {
      receptiveField: '{{size}}×{{size}} (/{{jump}})',
    },
    option: {
      padding: { valid: 'valid (P = 0)', same: 'same (W2 = ⌈W1/S⌉)' },
      kind: { basic: 'basic (3×3 → 3×3)', bottleneck: 'bottleneck (1×1 → 3×3 → 1×1)' },
      projection: { auto: 'auto (1×1 only where needed)', always: 'always 1×1', never: 'never (identity)' },
      activation: { linear: 'linear (none)' },
    },
    status: {
      trainable: 'Trainable parameters of the whole network: the weights and biases that training learns. The sum of every layer’s (F·F·D1)·K + K, (N + 1)·M, ….',
      nonTrainable: 'Non-trainable parameters: stored with the model but not learned by gradients (batch normalization’s moving mean and variance).',
      macs: 'MACs: multiply-accumulates to classify one image, summed over all layers (K = thousand, M = million, G = billion). A measure of computation time.',
      memory: 'Activation memory per image: every layer’s output, 4 bytes per value. Training keeps these for the backward pass, times the batch size.',
      issues: 'Errors stop training; warnings point at something that probably is not meant (e.g. pixels dropped by a stride). The Problems panel lists them.',
      backend: 'Where training runs: webgpu or webgl use the graphics card, wasm and cpu the processor.',
    },
  },
  ko: {
    about: {
      title: '이 층에 대하여',
      when: '언제 쓰나요',
      numbers: '이 노드의 수로 계산하면',
      noNumbers: '이 노드에 올바른 입력이 연결되면 여기에 계산식이 나타납니다.',
    },
    field: {
      help: '{{name}} 이란?',
      derived: '= {{name}} ({{value}})',
      derivedNote: '비워 두면: {{name}} = {{value}}.',
      decrease: '{{name}} 줄이기',
      increase: '{{name}} 늘리기',
      editing: 'Enter 를 누르거나 칸을 벗어나면 적용되고, Esc 는 되돌립니다.',
    },
    metric: {
      inputs: {
        label: '입력 모양',
        meaning: '들어오는 연결의 모양: 높이 × 너비 × 깊이 (D1), 또는 벡터의 길이.',
      },
      outputShape: {
        label: '출력 모양',
        meaning: 'H2 × W2 × D2, 이 층이 다음 층에 넘기는 특징 맵. 창 크기 F, 스트라이드 S, 패딩 P 이면: W2 = (W1 − F + 2P)/S + 1.',
      },
      params: {
        label: '매개변수',
        meaning: '이 층이 학습하는 수 (가중치와 편향); 학습이 이 값을 조정합니다. 합성곱은 (F·F·D1)·K + K 개: K 개 필터가 각각 F·F·D1 개 가중치와 편향 하나를 가집니다. 풀링, ReLU, 평탄화는 학습하는 것이 없습니다.',
      },
      nonTrainable: {
        label: '학습 불가',
        meaning: '모델에 저장되지만 기울기로 학습되지 않는 수, 예를 들어 배치 정규화의 이동 평균과 분산.',
      },
      macs: {
        label: '곱셈-누산 (MAC)',
        meaning: '이미지 한 장에 대한 곱셈-누산 횟수: 한 번은 곱셈 하나와 덧셈 하나 (a ← a + w·x). 메모리가 아니라 계산량, 즉 시간의 척도입니다. 합성곱은 H2·W2·K·F·F·D1 번.',
      },
      receptiveField: {
        label: '수용 영역',
        meaning: '출력값 하나가 의존하는 입력 이미지의 영역, r × r 픽셀. F×F 층마다 (F − 1)·j 만큼 넓어집니다. "(/j)" 는 도약: 이웃한 출력끼리 입력에서 j 픽셀 떨어져 있습니다 (지금까지 스트라이드의 곱).',
      },
      memory: {
        label: '활성값 메모리',
        meaning: '이 층이 이미지 한 장에 대해 내는 값, 값마다 4 바이트 (float32). 학습은 역전파를 위해 이 값을 보관하므로 메모리는 배치 크기에 비례합니다.',
      },
    },
    value: {
      receptiveField: '{{size}}×{{size}} (/{{jump}})',
    },
    option: {
      padding: { valid: 'valid (P = 0)', same: 'same (W2 = ⌈W1/S⌉)' },
      kind: { basic: '기본 (3×3 → 3×3)', bottleneck: '병목 (1×1 → 3×3 → 1×1)' },
      projection: { auto: '자동 (필요할 때만 1×1)', always: '항상 1×1', never: '안 함 (항등)' },
      activation: { linear: 'linear (없음)' },
    },
    status: {
      trainable: '네트워크 전체의 학습 가능한 매개변수: 학습이 배우는 가중치와 편향. 모든 층의 (F·F·D1)·K + K, (N + 1)·M, … 의 합입니다.',
      nonTrainable: '학습 불가 매개변수: 모델에 저장되지만 기울기로 학습되지 않습니다 (배치 정규화의 이동 평균과 분산).',
      macs: '곱셈-누산 (MAC): 이미지 한 장을 분류하는 데 드는 곱셈-누산 횟수의 모든 층 합 (K = 천, M = 백만, G = 십억). 계산 시간의 척도입니다.',
      memory: '이미지당 활성값 메모리: 모든 층의 출력, 값마다 4 바이트. 학습은 역전파를 위해 이 값을 배치 크기만큼 보관합니다.',
      issues: '오류가 있으면 학습할 수 없고, 경고는 의도하지 않았을 법한 것을 알려 줍니다 (예: 스트라이드로 버려지는 픽셀). 문제 패널에 목록이 있습니다.',
      backend: '학습이 실행되는 곳: webgpu 와 webgl 은 그래픽 카드, wasm 과 cpu 는 프로세서를 씁니다.',
    },
  },
};
