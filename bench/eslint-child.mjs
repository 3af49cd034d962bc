// Child process of measure-eslint.mjs: ESLint (Node API, flat config) over the listed TS/JS files
// with a no-restricted-syntax rule that looks for the same sign-in calls as the engine's rules.
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import tsParser from '@typescript-eslint/parser';

const tree = process.argv[2];
const paths = JSON.parse(readFileSync(process.argv[3], 'utf8')).filter((path) => !/\.ps[dm]?1$/.test(path));

const SIGN_IN_SELECTORS = [
  ["CallExpression[callee.property.name='acquireTokenByUsernamePassword']", 'ts-msal-ropc'],
  ["NewExpression[callee.name='UsernamePasswordCredential'], NewExpression[callee.property.name='UsernamePasswordCredential']", 'ts-identity-username-password'],
  ["CallExpression[callee.property.name='acquireTokenWithUsernamePassword']", 'ts-adal-ropc'],
  ['CallExpression[callee.property.name=/^loginWithUsernamePassword/], CallExpression[callee.name=/^loginWithUsernamePassword/]', 'ts-ms-rest-user-credentials'],
  ["NewExpression[callee.name='UserTokenCredentials'], NewExpression[callee.property.name='UserTokenCredentials']", 'ts-ms-rest-user-credentials'],
  ["Property[key.name='grant_type'][value.value='password'], Literal[value=/grant_type=password/]", 'ts-ropc-http'],
  ["Property[key.name='host'][value.value=/office365|outlook|hotmail/i], Property[key.name='service'][value.value=/office365|outlook|hotmail/i]", 'ts-mail-basic-auth'],
  ["Property[key.name=/^(type|authentication_type)$/][value.value='azure-active-directory-password'], Literal[value=/authentication\\s*=\\s*[\"']?active\\s*directory\\s*password/i]", 'ts-sql-entra-password'],
  ["CallExpression[callee.property.name=/^(getAuth|create)$/] > ObjectExpression > Property[key.name='password'], CallExpression[callee.name=/^(getAuth|spsave)$/] > ObjectExpression > Property[key.name='password']", 'ts-sharepoint-user-credentials'],
  ["Property[key.name='password'][value.type='Literal']", 'ts-hardcoded-password'],
];
const rules = { 'no-restricted-syntax': ['error', ...SIGN_IN_SELECTORS.map(([selector, message]) => ({ selector, message }))] };

const eslint = new ESLint({
  cwd: tree,
  overrideConfigFile: true,
  warnIgnored: false,
  overrideConfig: [
    { files: ['**/*.{js,mjs,jsx}'], languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } }, rules },
    { files: ['**/*.cjs'], languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' }, rules },
    { files: ['**/*.{ts,mts,cts,tsx}'], languageOptions: { parser: tsParser }, rules },
  ],
});
const started = performance.now();
const results = await eslint.lintFiles(paths);
const messages = results.flatMap((result) => result.messages);
console.log(
  JSON.stringify({
    files: results.length,
    restrictedSyntaxHits: messages.filter((m) => m.ruleId === 'no-restricted-syntax').length,
    parseErrors: messages.filter((m) => m.fatal).length,
    perFileWorkMs: performance.now() - started,
  }),
);
