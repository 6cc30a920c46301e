// Texts of the editing actions (palette, quick add, insert, select all, reconnect) (namespace "editing"), merged by renderer/i18n/index.ts.
export default {
  en: {
    deleted: 'Deleted {{name}}',
    deletedMany: 'Deleted {{count}} layers',
    reconnect: 'Reconnect {{from}} → {{to}}',
    hint: 'Click or Enter inserts the layer where shown above; drag it onto the canvas to place it yourself.',
    targetAfter: 'Adds after {{name}}',
    targetEdge: 'Adds between {{from}} → {{to}}',
    targetLoose: 'Adds an unconnected layer',
    itemTitle: '{{summary}}\nClick: insert · drag: place on the canvas',
  },
  ko: {
    deleted: '{{name}} 삭제됨',
    deletedMany: '층 {{count}}개 삭제됨',
    reconnect: '{{from}} → {{to}} 다시 연결',
    hint: '클릭하거나 Enter를 누르면 위에 표시된 자리에 층을 끼워 넣습니다. 캔버스로 끌어다 놓으면 원하는 자리에 놓습니다.',
    targetAfter: '{{name}} 뒤에 추가',
    targetEdge: '{{from}} → {{to}} 사이에 추가',
    targetLoose: '연결 없이 추가',
    itemTitle: '{{summary}}\n클릭: 끼워 넣기 · 끌기: 캔버스에 놓기',
  },
};
