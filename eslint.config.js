// @ts-check
import js from '@eslint/js'
import {defineConfig} from 'eslint/config'
import tseslint from 'typescript-eslint'

const noAwsSdk = {
  patterns: [{group: ['@aws-sdk/*'], message: 'Commands and the definition pipeline reach AWS only through a use case (src/app) and src/aws/clients.ts.'}],
}

export default defineConfig(
  {ignores: ['dist/**', 'coverage/**', '.hako/**', 'node_modules/**']},
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {process: 'readonly', console: 'readonly', URL: 'readonly', AbortController: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly'},
    },
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
    },
  },
  {files: ['src/commands/**', 'src/definition/**'], rules: {'no-restricted-imports': ['error', noAwsSdk]}},
  // Tests poke at evaluated definitions of any shape on purpose.
  {files: ['test/**'], rules: {'@typescript-eslint/no-explicit-any': 'off'}},
)
