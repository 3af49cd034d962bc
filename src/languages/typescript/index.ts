export { analyzeTypeScript, countTypeScriptSyntaxErrorsOfEdit } from './analyze';
export { countSyntaxErrors } from './parse';
