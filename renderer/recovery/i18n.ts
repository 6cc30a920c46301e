// Texts of the recovery prompt (namespace "recovery"); the components fall back to the English defaults.
export default {
  en: {
    title: 'Recover unsaved work?',
    explain: 'CNN Studio closed before these projects were saved. Restore one to keep working on it, or discard it.',
    savedAt: 'autosaved {{when}}',
    restore: 'Restore',
    discard: 'Discard',
    later: 'Decide later',
  },
  ko: {
    title: '저장하지 않은 작업을 복구할까요?',
    explain: 'CNN Studio가 이 프로젝트들을 저장하기 전에 닫혔습니다. 계속 작업하려면 복구하고, 필요 없으면 삭제하세요.',
    savedAt: '{{when}}에 자동 저장됨',
    restore: '복구',
    discard: '삭제',
    later: '나중에',
  },
};
