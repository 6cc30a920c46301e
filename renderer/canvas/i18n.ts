// Texts of the graph canvas (namespace "canvas"), merged by renderer/i18n/index.ts.
export default {
  en: {
    insertHere: 'Insert here',
    fitReadable: 'Fit the graph (never below a readable size)',
    canvasLabel: 'Graph canvas: scroll to pan, Ctrl + scroll or pinch to zoom',
  },
  ko: {
    insertHere: '여기에 끼워 넣기',
    fitReadable: '그래프를 화면에 맞추기 (읽을 수 있는 크기 이하로는 줄이지 않음)',
    canvasLabel: '그래프 캔버스: 스크롤로 이동, Ctrl + 스크롤 또는 핀치로 확대/축소',
  },
};
