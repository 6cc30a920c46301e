// Renderer entry: fonts, styles, i18n, then the editor.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Noto Sans KR (OFL-1.1), bundled so Korean renders where no CJK font is installed. Its faces are split by
// unicode-range, so a page loads only the subsets its text needs; 600 falls to 700 by CSS weight matching.
import '@fontsource/noto-sans-kr/400.css';
import '@fontsource/noto-sans-kr/700.css';
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/app.css';
import { currentLang } from './i18n';
import { App } from './app/App';
import { koreanUiCharacters, loadKoreanFaces } from './app/workbench/koreanFont';
// Registers how the Training tab loads imported datasets, before any project is opened.
import './dataset/trainingData';

const render = () =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );

// The Korean faces load first when the UI opens in Korean (at most a second's wait), else in the
// background, so a later switch to Korean finds them loaded (koreanFont.ts says why).
const koreanFaces = loadKoreanFaces(koreanUiCharacters());
if (currentLang() === 'ko') void Promise.race([koreanFaces, new Promise((done) => setTimeout(done, 1000))]).then(render);
else render();
