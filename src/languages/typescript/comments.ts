import * as ts from 'typescript';

/**
 * Whether `offset` lies in a comment: in the trivia before one of the tree's nodes, where a word can be
 * nothing else. Offsets in tokens that are not nodes (punctuation, keywords) and in their trivia count
 * as code: when in doubt the file is analysed.
 */
export function isInComment(source: ts.SourceFile, offset: number): boolean {
  // The module's statements are found by halving: a file that names a trigger word in thousands of
  // comments asks once per comment, and a walk along the statements made that quadratic.
  let node: ts.Node | undefined = statementAt(source, offset) ?? (containsOffset(source.endOfFileToken, offset) ? source.endOfFileToken : undefined);
  while (node) {
    if (offset < node.getStart(source)) return true;
    node = ts.forEachChild(node, (candidate) => (containsOffset(candidate, offset) ? candidate : undefined));
  }
  return false;
}

function statementAt(source: ts.SourceFile, offset: number): ts.Statement | undefined {
  const statements = source.statements;
  let low = 0;
  let high = statements.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const statement = statements[middle];
    if (offset < statement.pos) high = middle - 1;
    else if (offset >= statement.end) low = middle + 1;
    else return statement;
  }
  return undefined;
}

function containsOffset(node: ts.Node, offset: number): boolean {
  return node.pos <= offset && offset < node.end;
}
