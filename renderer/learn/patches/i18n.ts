// Texts of Learn's top patches per channel (namespace "patches"), Zeiler & Fergus 2014.
const en = {
  title: 'Top patches',
  intro: 'Zeiler & Fergus (2014): for each channel, the validation images that excite it most — each image’s strongest activation in the channel’s map — cropped to the receptive field of that map pixel ({{size}}×{{size}} input pixels).',
  find: 'Find the {{k}} strongest patches per channel in {{count}} validation images',
  again: 'Find them again with this model',
  working: 'Searching {{count}} validation images…',
  needRun: 'Top patches come from the validation images of a training run — train the model first (Training tab).',
  stale: 'The model changed since these were found (trained again, or the graph was edited): they show the previous model.',
  searched: '{{images}} validation images searched in {{seconds}} s. Hover a patch for its value; click it to open the whole image.',
  channel: 'ch {{c}}',
  filter: 'filter {{c}}',
  patch: 'channel {{c}}, #{{rank}}: max {{value}} at ({{y}}, {{x}}) in validation image {{sample}}; input rows {{top}}–{{bottom}}, columns {{left}}–{{right}}',
  padded: 'Blue margins: the field reaches past the image’s border (padding).',
  error: 'Could not find the top patches: {{message}}',
};

const ko: typeof en = {
  title: '상위 패치',
  intro: 'Zeiler & Fergus (2014): 채널마다 그 채널을 가장 강하게 활성화하는 검증 이미지 — 각 이미지에서 그 채널 맵의 최대 활성값 — 를 그 맵 픽셀의 수용 영역({{size}}×{{size}} 입력 픽셀)으로 잘라 보여 줍니다.',
  find: '검증 이미지 {{count}}개에서 채널마다 가장 강한 패치 {{k}}개 찾기',
  again: '이 모델로 다시 찾기',
  working: '검증 이미지 {{count}}개를 살펴보는 중…',
  needRun: '상위 패치는 학습 실행의 검증 이미지에서 찾습니다 — 먼저 모델을 학습하세요(학습 탭).',
  stale: '패치를 찾은 뒤 모델이 바뀌었습니다(다시 학습했거나 그래프를 고쳤음): 이전 모델의 패치입니다.',
  searched: '검증 이미지 {{images}}개를 {{seconds}}초에 살펴봤습니다. 패치에 마우스를 올리면 값이, 누르면 전체 이미지가 열립니다.',
  channel: '채널 {{c}}',
  filter: '필터 {{c}}',
  patch: '채널 {{c}}, {{rank}}위: 검증 이미지 {{sample}}의 ({{y}}, {{x}})에서 최대 {{value}}; 입력 행 {{top}}–{{bottom}}, 열 {{left}}–{{right}}',
  padded: '파란 여백: 수용 영역이 이미지 가장자리 밖(패딩)까지 닿는 부분입니다.',
  error: '상위 패치를 찾지 못했습니다: {{message}}',
};

export default { en, ko };
