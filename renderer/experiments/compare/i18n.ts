// Texts of the Compare view (namespace "compare"), merged by renderer/i18n/index.ts.
const en = {
  needTwo: 'Pick two or more runs to compare: tick them in the Runs view, then press Compare.',
  missing: 'Some picked runs were deleted: pick them again in the Runs view.',
  refused: 'Cannot compare: {{message}}',
  baseline: 'baseline',
  differentGraph: 'different graph',
  loss: 'Loss per epoch',
  accuracy: 'Accuracy per epoch',
  epoch: 'epoch',
  train: 'train',
  val: 'val',
  setting: 'Setting / metric',
  rows: {
    graph: 'Graph (hash)', params: 'Parameters', optimizer: 'Optimizer', learningRate: 'Learning rate', schedule: 'Schedule', batchSize: 'Batch size', epochs: 'Epochs (ran / set)', weightDecay: 'Weight decay', augmentation: 'Augmentation (shift, scale, rotation)', seed: 'Seed', init: 'Initial weights', backend: 'Backend', dataset: 'Dataset', samples: 'Samples (train / val)', status: 'Status', valAccuracy: 'Val accuracy', valLoss: 'Val loss', trainAccuracy: 'Train accuracy', trainLoss: 'Train loss', seconds: 'Time', samplesPerSec: 'Samples / s',
  },
  diffTitle: 'Graph diff: {{a}} → {{b}}',
  sameGraph: '{{b}} trained the same graph as {{a}}.',
  dParams: 'Δparams {{value}}',
  dMacs: 'ΔMACs {{value}}',
  legend: { added: 'added', removed: 'removed', changed: 'changed', affected: 'cost changed' },
};

const ko: typeof en = {
  needTwo: '비교할 실행을 두 개 이상 고르세요: 실행 기록에서 체크한 뒤 비교를 누르세요.',
  missing: '선택한 실행 중 일부가 삭제되었습니다: 실행 기록에서 다시 고르세요.',
  refused: '비교할 수 없습니다: {{message}}',
  baseline: '기준',
  differentGraph: '다른 그래프',
  loss: '에포크별 손실',
  accuracy: '에포크별 정확도',
  epoch: '에포크',
  train: '학습',
  val: '검증',
  setting: '설정 / 지표',
  rows: {
    graph: '그래프(해시)', params: '파라미터', optimizer: '옵티마이저', learningRate: '학습률', schedule: '스케줄', batchSize: '배치 크기', epochs: '에포크(실행 / 설정)', weightDecay: '가중치 감쇠', augmentation: '증강(이동, 크기, 회전)', seed: '시드', init: '초기 가중치', backend: '백엔드', dataset: '데이터셋', samples: '샘플(학습 / 검증)', status: '상태', valAccuracy: '검증 정확도', valLoss: '검증 손실', trainAccuracy: '학습 정확도', trainLoss: '학습 손실', seconds: '시간', samplesPerSec: '초당 샘플',
  },
  diffTitle: '그래프 차이: {{a}} → {{b}}',
  sameGraph: '{{b}}은(는) {{a}}와 같은 그래프를 학습했습니다.',
  dParams: 'Δ파라미터 {{value}}',
  dMacs: 'ΔMACs {{value}}',
  legend: { added: '추가', removed: '삭제', changed: '변경', affected: '비용 변경' },
};

export default { en, ko };
