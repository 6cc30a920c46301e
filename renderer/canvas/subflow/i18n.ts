// Texts of open blocks on the canvas and of an inner layer in the inspector (namespace "subflow").
const en = {
  open: 'Open the block: show its inside here (view only, the project is not changed)',
  close: 'Close the block',
  input: 'Block input',
  branch: 'Branch {{ids}}',
  identityLane: 'Shortcut: identity (input → {{entry}})',
  repeat: 'repeat {{n}}',
  repeatTitle: 'Repeat {{n}} of {{count}}: {{changes}}',
  sameAsDefinition: 'the definition as it is',
  lane: {
    ResidualBlock: {
      conv1: 'Main path',
      shortcut: 'Shortcut: 1×1 projection',
      add: 'Shortcut: identity',
    },
    InceptionBlock: {
      b1_1x1: '1×1 branch (b1)',
      b2_reduce: '3×3 branch (b2): 1×1 reduce → 3×3',
      b3_reduce: '5×5 branch (b3): 1×1 reduce → 5×5',
      b4_pool: 'Pool branch (b4): 3×3 max-pool → 1×1',
    },
  },
  inspector: {
    inside: 'Inside {{block}}',
    readOnly: 'A layer inside a block: read-only. Edit the block’s own parameters to change it.',
    showBlock: 'Select the block',
    innerLayers: 'Inner layers',
    openOnCanvas: 'Show the inside on the canvas',
    closeOnCanvas: 'Close the block on the canvas',
    none: 'This block has no inner layers yet.',
  },
};

const ko: typeof en = {
  open: '블록 열기: 내부를 여기에 보여 줍니다 (보기 전용, 프로젝트는 바뀌지 않음)',
  close: '블록 닫기',
  input: '블록 입력',
  branch: '가지 {{ids}}',
  identityLane: '지름길: 항등 (입력 → {{entry}})',
  repeat: '반복 {{n}}',
  repeatTitle: '반복 {{n}} / {{count}}: {{changes}}',
  sameAsDefinition: '정의 그대로',
  lane: {
    ResidualBlock: {
      conv1: '주 경로',
      shortcut: '지름길: 1×1 사영',
      add: '지름길: 항등',
    },
    InceptionBlock: {
      b1_1x1: '1×1 가지 (b1)',
      b2_reduce: '3×3 가지 (b2): 1×1 축소 → 3×3',
      b3_reduce: '5×5 가지 (b3): 1×1 축소 → 5×5',
      b4_pool: '풀링 가지 (b4): 3×3 최대 풀링 → 1×1',
    },
  },
  inspector: {
    inside: '{{block}} 내부',
    readOnly: '블록 안의 층: 읽기 전용입니다. 바꾸려면 블록 자체의 매개변수를 고치세요.',
    showBlock: '블록 선택',
    innerLayers: '내부 층',
    openOnCanvas: '캔버스에서 내부 보기',
    closeOnCanvas: '캔버스에서 블록 닫기',
    none: '이 블록에는 아직 내부 층이 없습니다.',
  },
};

export default { en, ko };
