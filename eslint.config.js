// ESLint flat config: JS + typescript-eslint + eslint-plugin-svelte for everything under web/, e2e/, scripts/.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'py/',
      '.venv/',
      '.venv-*/',
      '.cache/',
      'playwright-report/',
      'test-results/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    // User data must never become markup: no innerHTML/outerHTML/insertAdjacentHTML/{@html}.
    rules: {
      'svelte/no-at-html-tags': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Never build markup from strings; use text nodes.' },
        { property: 'outerHTML', message: 'Never build markup from strings; use text nodes.' },
        {
          property: 'insertAdjacentHTML',
          message: 'Never build markup from strings; use text nodes.',
        },
      ],
    },
  },
);
