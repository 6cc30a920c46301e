// Placeholder resources for the dataset panel's i18n namespace (the dataset feature fills it).
export default { en: {}, ko: {} };
