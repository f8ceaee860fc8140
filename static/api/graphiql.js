// GraphiQL for this API: queries go to the page's own URL with the session's CSRF token, and the
// Headers tab starts with an x-api-key line to fill in (AppSync's API key mode).
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var csrf = document.querySelector("[name=csrfmiddlewaretoken]");
  var fetcher = GraphiQL.createFetcher({
    url: root.dataset.endpoint,
    headers: csrf ? { "X-CSRFToken": csrf.value } : {},
  });
  var defaultHeaders = JSON.stringify({ "x-api-key": "da2-..." }, null, 2);
  ReactDOM.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      headerEditorEnabled: true,
      shouldPersistHeaders: true,
      defaultHeaders: defaultHeaders,
      defaultQuery: "# Public reads need an x-api-key header (see the Headers tab below).\n" +
        "query ListProducts {\n  listProducts(limit: 5) {\n    items { id name price category inStock }\n" +
        "    nextToken\n  }\n}\n",
    }),
    root
  );
})();
