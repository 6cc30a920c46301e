// Texts of the Experiments panel's frame (namespace "experiments"), merged by renderer/i18n/index.ts.
const en = {
  tabs: { runs: 'Runs', compare: 'Compare', robustness: 'Robustness', sweeps: 'Sweeps' },
  count: '{{count}} runs',
  count_one: '1 run',
  picked: '{{count}} picked',
};

const ko: typeof en = {
  tabs: { runs: '실행 기록', compare: '비교', robustness: '강건성', sweeps: '스윕' },
  count: '실행 {{count}}개',
  count_one: '실행 1개',
  picked: '{{count}}개 선택',
};

export default { en, ko };
