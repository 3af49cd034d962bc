import * as ts from 'typescript';

/**
 * Whether `offset` lies in a comment: in the trivia before one of the tree's nodes, where a word can be
 * nothing else. Offsets in tokens that are not nodes (punctuation, keywords) and in their trivia count
 * as code: when in doubt the file is analysed.
 */
export function isInComment(source: ts.SourceFile, offset: number): boolean {
  let node: ts.Node = source;
  for (;;) {
    const child = ts.forEachChild(node, (candidate) => (candidate.pos <= offset && offset < candidate.end ? candidate : undefined));
    if (!child) return false;
    if (offset < child.getStart(source)) return true;
    node = child;
  }
}
