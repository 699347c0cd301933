// The Korean lessons are their English lessons' twins: the same cells, the same code. Only string
// literals (titles, labels, messages — and lang: "ko" itself) and comments may differ. This file
// reduces a cell's code to what must match: its syntax tree with every string emptied, printed
// without comments or layout.
import ts from "typescript";

/** The code of a cell with string literals emptied and comments and layout dropped. */
export function codeSkeleton(code: string): string {
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const emptyStrings: ts.TransformerFactory<ts.SourceFile> = (context) => {
    const { factory } = context;
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isStringLiteral(node)) return factory.createStringLiteral("");
      if (ts.isNoSubstitutionTemplateLiteral(node)) return factory.createNoSubstitutionTemplateLiteral("");
      if (ts.isTemplateExpression(node)) {
        const spans = node.templateSpans.map((span, i) =>
          factory.createTemplateSpan(
            ts.visitNode(span.expression, visit) as ts.Expression,
            i === node.templateSpans.length - 1 ? factory.createTemplateTail("") : factory.createTemplateMiddle(""),
          ),
        );
        return factory.createTemplateExpression(factory.createTemplateHead(""), spans);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (file) => ts.visitNode(file, visit) as ts.SourceFile;
  };
  const [emptied] = ts.transform(source, [emptyStrings]).transformed;
  return ts.createPrinter({ removeComments: true }).printFile(emptied);
}

/** Every string literal of a cell's code, in order (template literals as their static text). */
export function stringLiterals(code: string): string[] {
  const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) out.push(node.text);
    else if (ts.isTemplateExpression(node))
      out.push([node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join("…"));
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}
