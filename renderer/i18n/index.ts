// i18next setup: the editor's own texts (namespace "translation") plus one namespace per feature panel,
// written out below. Each feature module default-exports { en: {...}, ko: {...} }.
import i18next, { type Resource, type ResourceKey } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../../src/i18n/issues';
import { en } from './en';
import { ko } from './ko';
import training from '../training/i18n';
import dataset from '../dataset/i18n';
import exportTexts from '../export/i18n';
import recovery from '../recovery/i18n';
import workbench from '../app/i18n';
import canvas from '../canvas/i18n';
import editing from '../palette/i18n';
import files from '../files/i18n';
import explain from '../inspector/i18n';
import learn from '../learn/i18n';
import pattern from '../pattern/i18n';
import live from '../learn/live/i18n';
import patches from '../learn/patches/i18n';
import walkthrough from '../learn/walkthrough/i18n';
import subflow from '../canvas/subflow/i18n';
import blocks from '../blocks/i18n';
import blockLibrary from '../blocks/libraryI18n';
import experiments from '../experiments/i18n';
import runs from '../experiments/runs/i18n';
import compare from '../experiments/compare/i18n';
import robustness from '../experiments/robustness/i18n';
import sweeps from '../experiments/sweeps/i18n';
import evaluate from '../evaluate/i18n';
import fineTune from '../inspector/fineTuneI18n';

interface FeatureTexts {
  en: Record<string, unknown>;
  ko: Record<string, unknown>;
}

/** Feature namespaces: `useTranslation('training')` etc. */
export const featureNamespaces: Record<string, FeatureTexts> = { training, dataset, export: exportTexts, recovery, workbench, canvas, editing, files, explain, learn, patches, walkthrough, live, subflow, pattern, blocks, blockLibrary, experiments, runs, compare, robustness, sweeps, evaluate, fineTune };

export const LANGS: readonly Lang[] = ['en', 'ko'];
const LANG_KEY = 'cnn-studio-lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'ko') return saved;
  } catch {
    // storage unavailable (private mode): fall through
  }
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function buildResources(): Resource {
  const resources: Record<Lang, Record<string, ResourceKey>> = { en: { translation: en }, ko: { translation: ko } };
  for (const [ns, texts] of Object.entries(featureNamespaces)) {
    resources.en[ns] = texts.en as ResourceKey;
    resources.ko[ns] = texts.ko as ResourceKey;
  }
  return resources;
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: buildResources(),
  lng: initialLang(),
  fallbackLng: 'en',
  ns: ['translation', ...Object.keys(featureNamespaces)],
  defaultNS: 'translation',
  interpolation: { escapeValue: false }, // React escapes
  initAsync: false,
});

export const currentLang = (): Lang => (i18n.language === 'ko' ? 'ko' : 'en');

export function setLang(lang: Lang) {
  void i18n.changeLanguage(lang);
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // not persisted; still switched for this session
  }
  document.documentElement.lang = lang;
}
