// The theme preference store: dark or light (CSS variables keyed by <html data-theme>), kept in localStorage.
import { create } from 'zustand';

export type Theme = 'dark' | 'light';
const KEY = 'cnn-studio-theme';

function initialTheme(): Theme {
  try {
    const saved = localStorage.getItem(KEY);
    if (saved === 'dark' || saved === 'light') return saved;
  } catch {
    // storage unavailable
  }
  return typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export const useThemePreference = create<{ theme: Theme; toggle(): void }>()((set, get) => ({
  theme: initialTheme(),
  toggle() {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, theme);
    } catch {
      // not persisted
    }
    set({ theme });
  },
}));

export function applyTheme(theme: Theme) {
  document.documentElement.dataset.theme = theme;
}
