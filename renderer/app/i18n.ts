// Texts of the window layout, panels, fonts (namespace "workbench"), merged by renderer/i18n/index.ts.
// {{name}} is a panel's own title (palette.title, inspector.title); {{keys}} its shortcut, e.g. "Ctrl+B".
export default {
  en: {
    hideSide: 'Hide {{name}} ({{keys}})',
    showSide: 'Show {{name}} ({{keys}})',
    hidePanel: 'Hide panel ({{keys}})',
    showPanel: 'Show panel ({{keys}})',
    maximise: 'Maximise panel (double-click the tab bar)',
    restore: 'Restore panel size (double-click the tab bar)',
    resize: 'Resize {{name}}: drag, or focus and use the arrow keys',
    bottomPanel: 'the bottom panel',
  },
  ko: {
    hideSide: '{{name}} 숨기기 ({{keys}})',
    showSide: '{{name}} 보기 ({{keys}})',
    hidePanel: '패널 숨기기 ({{keys}})',
    showPanel: '패널 보기 ({{keys}})',
    maximise: '패널 최대화 (탭 표시줄을 두 번 클릭)',
    restore: '패널 크기 복원 (탭 표시줄을 두 번 클릭)',
    resize: '{{name}} 크기 조절: 끌거나, 선택한 뒤 화살표 키 사용',
    bottomPanel: '아래 패널',
  },
};
