// Applies a remembered theme choice before the first paint (theme.svelte.ts takes over once the
// page runs). A file, not an inline script: the Content-Security-Policy allows no inline script.
// Storage may be blocked: then the system setting stands.
try {
  var theme = localStorage.getItem('pyregex:theme');
  if (theme === 'light' || theme === 'dark') {
    document.documentElement.setAttribute('data-theme', theme);
  }
} catch {
  // The system setting stands.
}
