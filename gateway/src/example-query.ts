/**
 * The query GraphiQL opens with and `npm start` runs to show the hub is up. Its own module, with no
 * imports, so the supervisor can read it without loading the gateway.
 */
export const EXAMPLE_QUERY = `# 一次查询跨越三个子图 — one query answered by all three subgraphs
query UnitOverview {
  units(first: 10) {
    totalCount
    edges {
      node {
        code
        name
        kind
        township
        petitionSummary { year category count }
        stationedGroup { name }
      }
    }
  }
}
`;
