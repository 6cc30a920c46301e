// The editor window: menu bar on top, the workbench (palette | canvas | inspector over the resizable bottom
// panel, workbench/Workbench.tsx) between, status bar at the bottom. The page itself never scrolls.
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { host } from '../services/host';
import { MenuBar } from '../menu/MenuBar';
import { PathPrompt, TemplateChooser } from '../menu/Dialogs';
import { PatternBuilder } from '../pattern/PatternBuilder';
import { MakeBlockDialog } from '../blocks/MakeBlock';
import { newFromTemplate } from '../menu/projectActions';
import { StatusBar } from '../status/StatusBar';
import { startAnalysisRunner } from '../store/analysisRunner';
import { isDirty } from '../store/projectStore';
import { Notices } from './Notices';
import { notify } from './noticesAndDialogs';
import { applyTheme, useThemePreference } from './themePreference';
import { useShortcuts } from './useShortcuts';
import { Workbench } from './workbench/Workbench';
import { useAutosave } from '../recovery/useAutosave';
import { RecoveryPrompt } from '../recovery/RecoveryPrompt';
import { i18n } from '../i18n';

export const FIRST_TEMPLATE = 'lenet5';
let firstLoadStarted = false;

function useAppSetup() {
  useEffect(() => {
    const stop = startAnalysisRunner({
      analyzeOnHost: (graph) => host.invoke('graph.analyze', { graph }),
      onHostFailure: () => notify('error', i18n.t('notice.localAnalysis')),
    });
    // Once per page (StrictMode mounts twice in development).
    if (!firstLoadStarted) {
      firstLoadStarted = true;
      void newFromTemplate(FIRST_TEMPLATE, { skipConfirm: true });
    }
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!isDirty()) return;
      e.preventDefault();
      e.returnValue = ''; // older Chromium needs it to show the prompt
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      stop();
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, []);
}

export function App() {
  const { i18n: inst } = useTranslation();
  const theme = useThemePreference((s) => s.theme);
  useEffect(() => applyTheme(theme), [theme]);
  // zod's own messages (shown under inspector fields) follow the UI language.
  useEffect(() => {
    z.config(inst.language === 'ko' ? z.locales.ko() : z.locales.en());
    document.documentElement.lang = inst.language;
  }, [inst.language]);
  useAppSetup();
  useShortcuts();
  useAutosave();
  return (
    <ReactFlowProvider>
      <div className="app">
        <MenuBar />
        <Workbench />
        <StatusBar />
      </div>
      <PathPrompt />
      <TemplateChooser />
      <PatternBuilder />
      <MakeBlockDialog />
      <Notices />
      <RecoveryPrompt />
    </ReactFlowProvider>
  );
}
