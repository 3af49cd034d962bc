export { analyzeTypeScript } from './analyze';
export { countSyntaxErrors } from './parse';
