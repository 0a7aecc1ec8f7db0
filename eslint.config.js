import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The layering of STYLE.md, enforced: dependencies point one way,
 * ui -> state -> {engine, import, charts, i18n, security}. Each message says why, so a failing lint teaches.
 */
const noFrameworkInCore = [
  {
    group: ['svelte', 'svelte/*', '$app/*', '@sveltejs/*'],
    message: 'src/lib core modules are plain TypeScript, testable in Node: no Svelte or SvelteKit here.'
  },
  {
    group: ['**/state/*', '$lib/state/*', '**/ui/*', '$lib/ui/*'],
    message: 'Core modules must not depend on state or ui: dependencies point ui -> state -> core.'
  }
];

const onlyEngineTouchesSqlite = {
  group: ['sql.js', 'sql.js/*'],
  message: 'Only src/lib/engine may touch sql.js: everything else talks to the DataEngine interface.'
};
const onlyImportParsesCsv = {
  group: ['papaparse'],
  message: 'CSV parsing lives in src/lib/import (papaparse never reads a File: RELIABILITY.md finding 1).'
};
const onlyChartsUsePlot = {
  group: ['@observablehq/plot'],
  message: 'Observable Plot is used only in src/lib/charts; components render what charts return.'
};

function restrict(...patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default ts.config(
  {
    ignores: ['build/', '.svelte-kit/', 'node_modules/', 'tests/e2e/artifacts/']
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig
      }
    }
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': ['error', { allow: ['error'] }]
    }
  },
  {
    files: ['src/lib/engine/**'],
    rules: restrict(...noFrameworkInCore, onlyImportParsesCsv, onlyChartsUsePlot)
  },
  {
    files: ['src/lib/import/**'],
    rules: restrict(...noFrameworkInCore, onlyEngineTouchesSqlite, onlyChartsUsePlot)
  },
  {
    files: ['src/lib/charts/**'],
    rules: restrict(...noFrameworkInCore, onlyEngineTouchesSqlite, onlyImportParsesCsv)
  },
  {
    files: [
      'src/lib/i18n/**',
      'src/lib/security/**',
      'src/lib/persistence/**',
      'src/lib/notebook/**',
      'src/lib/export/**',
      'src/lib/demo/**',
      'src/lib/analyses/**'
    ],
    rules: restrict(...noFrameworkInCore, onlyEngineTouchesSqlite, onlyImportParsesCsv, onlyChartsUsePlot)
  },
  {
    files: ['src/lib/state/**'],
    rules: restrict(
      {
        group: ['**/ui/*', '$lib/ui/*'],
        message: 'State holds no markup: components import state, never the other way round.'
      },
      onlyEngineTouchesSqlite,
      onlyImportParsesCsv,
      onlyChartsUsePlot
    )
  },
  {
    files: ['src/lib/ui/**', 'src/routes/**'],
    rules: restrict(onlyEngineTouchesSqlite, onlyImportParsesCsv, onlyChartsUsePlot, {
      group: ['$lib/engine/session', '$lib/engine/dispatcher', '$lib/engine/in-process-engine'],
      message: 'Components reach the engine through state and the DataEngine interface, not its internals.'
    })
  },
  {
    // Tests may reach into anything they test.
    files: ['**/*.test.ts', 'tests/**'],
    rules: { 'no-restricted-imports': 'off', 'no-console': 'off' }
  }
);
