// Light, dark, or follow the system (prefers-color-scheme); the choice survives reloads.
const KEY = 'agentplatform.theme';
const ORDER = ['auto', 'light', 'dark'];

export function initTheme(button) {
  let mode = localStorage.getItem(KEY);
  if (!ORDER.includes(mode)) mode = 'auto';
  const apply = () => {
    if (mode === 'auto') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = mode;
    button.textContent = mode[0].toUpperCase() + mode.slice(1);
    button.title = mode === 'auto' ? 'Theme: follow the system' : `Theme: ${mode}`;
  };
  button.addEventListener('click', () => {
    mode = ORDER[(ORDER.indexOf(mode) + 1) % ORDER.length];
    localStorage.setItem(KEY, mode);
    apply();
    window.dispatchEvent(new Event('themechange'));
  });
  apply();
}
