// Texts of the user's own blocks (namespace "blocks"): Make block, My blocks, an instance's inspector.
const en = {
  make: {
    menu: 'Make block…',
    menuTitle: 'Group the selected layers into a block of your own (Ctrl+Alt+K)',
    title: 'Make block',
    intro: 'The {{count}} selected layers become one block. Its input and output are the edges cut by the selection.',
    name: 'Block name',
    create: 'Make block',
    cancel: 'Cancel',
    made: 'Block “{{name}}” made: it is in the palette under My blocks.',
    refused: {
      empty: 'Select the layers to put in the block first.',
      'io-node': '{{node}} cannot be inside a block — leave the Input and the Output out of the selection.',
      'no-input': 'Nothing feeds the selection — a block needs one input edge coming in from outside it.',
      'many-inputs': '{{count}} different layers feed the selection — a block takes one input; select a piece with a single input.',
      'no-output': 'Nothing leaves the selection — a block needs one output edge going out of it.',
      'many-outputs': '{{count}} layers of the selection ({{nodes}}) feed layers outside it — a block has one output; add their consumers or select less.',
      'not-connected': 'The selected layers are not connected to each other — a block is one connected piece.',
    },
  },
  palette: {
    title: 'My blocks',
    empty: 'Select layers on the canvas, then Edit → Make block.',
    add: 'Add an instance of “{{name}}”: {{count}} layers, used {{uses}}×',
    delete: 'Delete the definition “{{name}}” (no instance uses it)',
  },
  inspector: {
    definition: 'Block definition',
    instances: 'Instances',
    layers: 'Layers inside',
    rename: 'Definition name',
    unpack: 'Unpack',
    unpackTitle: 'Turn this instance back into its layers (the other instances stay)',
    editHint: 'Changing a layer inside changes every instance of “{{name}}”.',
    inner: 'Inside “{{name}}”',
  },
};

const ko: typeof en = {
  make: {
    menu: '블록 만들기…',
    menuTitle: '선택한 층들을 내 블록으로 묶습니다 (Ctrl+Alt+K)',
    title: '블록 만들기',
    intro: '선택한 층 {{count}}개가 블록 하나가 됩니다. 입력과 출력은 선택이 끊는 간선입니다.',
    name: '블록 이름',
    create: '블록 만들기',
    cancel: '취소',
    made: '블록 “{{name}}” 을(를) 만들었습니다: 팔레트의 내 블록에 있습니다.',
    refused: {
      empty: '먼저 블록에 넣을 층들을 선택하세요.',
      'io-node': '{{node}} 은(는) 블록 안에 넣을 수 없습니다 — Input 과 Output 은 선택에서 빼세요.',
      'no-input': '선택으로 들어오는 간선이 없습니다 — 블록은 바깥에서 들어오는 입력 간선이 하나 필요합니다.',
      'many-inputs': '서로 다른 층 {{count}}개가 선택에 입력을 줍니다 — 블록은 입력이 하나이니 입력이 하나인 부분을 선택하세요.',
      'no-output': '선택에서 나가는 간선이 없습니다 — 블록은 바깥으로 나가는 출력 간선이 하나 필요합니다.',
      'many-outputs': '선택의 층 {{count}}개 ({{nodes}}) 가 바깥 층에 출력을 줍니다 — 블록은 출력이 하나이니 받는 층까지 넣거나 덜 선택하세요.',
      'not-connected': '선택한 층들이 서로 연결되어 있지 않습니다 — 블록은 연결된 한 덩어리여야 합니다.',
    },
  },
  palette: {
    title: '내 블록',
    empty: '캔버스에서 층들을 선택한 뒤 편집 → 블록 만들기.',
    add: '“{{name}}” 인스턴스 추가: 층 {{count}}개, {{uses}}번 사용',
    delete: '정의 “{{name}}” 삭제 (쓰는 인스턴스 없음)',
  },
  inspector: {
    definition: '블록 정의',
    instances: '인스턴스',
    layers: '안의 층',
    rename: '정의 이름',
    unpack: '풀기',
    unpackTitle: '이 인스턴스를 다시 층들로 돌립니다 (다른 인스턴스는 그대로)',
    editHint: '안의 층을 바꾸면 “{{name}}” 의 모든 인스턴스가 바뀝니다.',
    inner: '“{{name}}” 안',
  },
};

export default { en, ko };
