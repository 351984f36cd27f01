import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * True when the query asks for `name` directly on the field being resolved,
 * through fragments too. Lets a resolver skip work (facet counts) nobody asked for.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (selection.kind === 'Field') return selection.name.value === name;
      if (selection.kind === 'InlineFragment') return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
