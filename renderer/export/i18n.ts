// Placeholder resources for the export panel's i18n namespace (the export feature fills it).
export default { en: {}, ko: {} };
