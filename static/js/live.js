// Live pages: the product page's stock and the order page's status follow the shop's real-time API
// (AppSync's protocol at /graphql/realtime; same origin, so the browser's session is who subscribes).
// Progressive enhancement: without JavaScript or WebSocket, or while disconnected, the page stays as
// served. Events missed while disconnected are not replayed (delivery is best-effort, as AppSync's).
(function () {
  "use strict";
  var stock = document.querySelector("[data-live-stock]");
  var status = document.querySelector("[data-live-order]");
  var watched = [];
  if (stock) {
    watched.push({
      query: "subscription($f: ModelSubscriptionProductFilterInput) { onUpdateProduct(filter: $f) { id stock inStock } }",
      variables: { f: { id: { eq: stock.dataset.liveStock } } },
      show: showStock,
    });
  }
  if (status) {
    watched.push({
      query: "subscription($f: ModelSubscriptionOrderFilterInput) { onUpdateOrder(filter: $f) { id status } }",
      variables: { f: { id: { eq: status.dataset.liveOrder } } },
      show: showStatus,
    });
  }
  if (!watched.length || !("WebSocket" in window)) return;

  function showStock(product) {
    var available = product.inStock && product.stock > 0;
    var low = Number(stock.dataset.lowStock);
    stock.textContent = !available ? "Out of stock" : product.stock <= low ? "Only " + product.stock + " left" : "In stock";
    stock.className = available ? "in" : "out";
    document.querySelectorAll("form.add-to-cart button, form.add-to-cart input[name=quantity]").forEach(function (el) {
      el.disabled = !available;
      if (el.name === "quantity" && available) el.max = Math.min(99, product.stock);
    });
  }

  function showStatus(order) {
    status.textContent = order.status.charAt(0) + order.status.slice(1).toLowerCase();
  }

  var retries = 0;
  var acknowledged = 0;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    var socket = new WebSocket(scheme + "//" + location.host + "/graphql/realtime", ["graphql-ws"]);
    socket.onopen = function () {
      socket.send(JSON.stringify({ type: "connection_init" }));
    };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "connection_ack") {
        retries = 0;
        acknowledged = 0;
        watched.forEach(function (watch, index) {
          var data = JSON.stringify({ query: watch.query, variables: watch.variables });
          socket.send(JSON.stringify({ type: "start", id: String(index), payload: { data: data } }));
        });
      } else if (message.type === "start_ack") {
        acknowledged += 1;
        // Every subscription is running: live updates flow from here on (tests wait for this).
        if (acknowledged === watched.length) document.documentElement.dataset.live = "on";
      } else if (message.type === "data") {
        var watch = watched[Number(message.id)];
        var data = message.payload.data;
        if (watch && data) watch.show(data[Object.keys(data)[0]]);
      }
    };
    socket.onclose = function () {
      delete document.documentElement.dataset.live;
      if (retries < 6) setTimeout(connect, 1000 * Math.pow(2, retries++));  // 1 s ... 32 s, then stop
    };
  }
  connect();
})();
