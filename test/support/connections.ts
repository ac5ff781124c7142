/** The nodes of one page of a connection (`{ edges { node } }`), in page order; empty when the connection is null. */
export function nodes<N>(connection: { edges: readonly { node: N | null }[] } | null | undefined): N[] {
  return (connection?.edges ?? []).map((edge) => edge.node as N);
}
