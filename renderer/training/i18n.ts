// Placeholder resources for the training panel's i18n namespace (the training feature fills it).
export default { en: {}, ko: {} };
