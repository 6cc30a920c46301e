// Help texts of the parameters several layers share (the lecture's conv hyper-parameters K, F, S, P), so each
// layer file lists its params' help as `{ filters: paramHelp.filters, … }` and words its own ones itself.
import type { LayerLabels } from './types';

export const paramHelp = {
  filters: {
    en: 'K, the number of filters. Each filter is one F×F×D1 template slid over the input and gives one output channel, so the output depth D2 = K. More filters learn more kinds of features but cost more parameters and MACs.',
    ko: 'K, 필터의 개수. 필터 하나는 입력 위를 미끄러지는 F×F×D1 크기의 틀이며 출력 채널 하나를 만듭니다. 따라서 출력 깊이 D2 = K 입니다. 필터가 많을수록 더 많은 종류의 특징을 배우지만 매개변수와 MAC 이 늘어납니다.',
  },
  kernelSize: {
    en: 'F, the width and height of each filter (the spatial extent). LeNet-5 uses 5×5, AlexNet starts with 11×11, VGG uses only 3×3: two stacked 3×3 see as far as one 5×5 with fewer parameters.',
    ko: 'F, 필터의 가로·세로 크기 (공간적 범위). LeNet-5 는 5×5, AlexNet 은 처음에 11×11, VGG 는 3×3 만 씁니다: 3×3 두 층은 5×5 한 층과 같은 범위를 더 적은 매개변수로 봅니다.',
  },
  strides: {
    en: 'S, how many pixels the filter moves at each step. S = 1 visits every position; S = 2 halves the width and height: W2 = (W1 − F + 2P)/S + 1.',
    ko: 'S, 필터가 한 번에 이동하는 픽셀 수. S = 1 이면 모든 위치를, S = 2 이면 가로·세로가 절반이 됩니다: W2 = (W1 − F + 2P)/S + 1.',
  },
  padding: {
    en: 'P, zeros added around the border. valid: P = 0, the output shrinks by F − 1. same: padded so that W2 = ⌈W1/S⌉ (with S = 1 the size is kept). A number sets P directly; P = (F − 1)/2 keeps the size at S = 1.',
    ko: 'P, 테두리에 덧붙이는 0 의 두께. valid: P = 0 으로 출력이 F − 1 만큼 줄어듭니다. same: W2 = ⌈W1/S⌉ 가 되도록 채웁니다 (S = 1 이면 크기 유지). 숫자는 P 를 직접 정합니다; S = 1 에서 P = (F − 1)/2 이면 크기가 유지됩니다.',
  },
  dilation: {
    en: 'Dilation d spreads the filter taps d pixels apart (a dilated or "atrous" convolution): an F×F filter then covers d·(F − 1) + 1 pixels, a larger receptive field with the same parameters. d = 1 is an ordinary convolution.',
    ko: '팽창 d 는 필터의 칸 사이를 d 픽셀씩 벌립니다 (팽창 또는 "atrous" 합성곱): F×F 필터가 d·(F − 1) + 1 픽셀을 덮어, 같은 매개변수로 더 넓은 수용 영역을 봅니다. d = 1 은 보통의 합성곱입니다.',
  },
  useBias: {
    en: 'Adds one learned bias b per output channel (or unit): y = w·x + b. That is the "+ K" in params = (F·F·D1)·K + K. Turn it off before batch normalization, whose β already shifts the output.',
    ko: '출력 채널 (또는 유닛) 마다 학습되는 편향 b 를 더합니다: y = w·x + b. 매개변수 (F·F·D1)·K + K 의 "+ K" 가 이것입니다. 배치 정규화 앞에서는 끄세요: 그 β 가 이미 출력을 옮깁니다.',
  },
  activation: {
    en: 'The nonlinearity applied to each output value. relu: max(0, x), the usual choice after a convolution; linear: none (add an Activation layer or BN first); softmax: class probabilities at the end.',
    ko: '각 출력값에 적용하는 비선형 함수. relu: max(0, x), 합성곱 뒤의 보통 선택; linear: 없음 (뒤에 활성화 층이나 BN 을 둘 때); softmax: 마지막의 클래스 확률.',
  },
} satisfies Record<string, LayerLabels>;

/** Pooling's stride: unset means S = F, the lecture's non-overlapping pooling. */
export const poolStrideHelp: LayerLabels = {
  en: 'S, how many pixels the window moves. Leave it empty for S = F (the pool size), the usual non-overlapping pooling: 2×2 windows with S = 2 halve the width and height. AlexNet overlaps them: F = 3, S = 2.',
  ko: 'S, 창이 한 번에 이동하는 픽셀 수. 비워 두면 S = F (풀 크기) 로, 겹치지 않는 보통의 풀링입니다: 2×2 창과 S = 2 는 가로·세로를 절반으로 줄입니다. AlexNet 은 F = 3, S = 2 로 겹치게 풀링합니다.',
};

export const poolSizeHelp: LayerLabels = {
  en: 'F, the width and height of the pooling window. 2×2 (with S = 2) is the common choice: it keeps one value of every four and discards 75% of the activations.',
  ko: 'F, 풀링 창의 가로·세로 크기. 2×2 (S = 2) 가 보통의 선택입니다: 네 값 중 하나만 남겨 활성값의 75% 를 버립니다.',
};
