// Subscribes with the real aws-amplify v6 client, exactly as a front end does:
//   client.graphql({ query: subscription, variables }).subscribe({ next, error })
// over wss:// to <graphql endpoint>/realtime (Amplify's realtime URL for a custom domain).
//
//   node run_subscription.mjs '<scenario JSON>'
//   scenario: {"outputs": path, "mode": "apiKey"|"lambda", "token"?: string, "query": string,
//              "variables"?: object, "count": number, "seconds": number}
// Prints one JSON line per happening: {"ready": true} once the server acknowledged the subscription
// (Amplify's own "Subscription ack" Hub event), {"data": ...} per event, {"error": ...}; exits after
// `count` events, or after `seconds` with status 1.
import fs from "node:fs";

import WebSocket from "ws";
import { Amplify } from "aws-amplify";
import { generateClient } from "aws-amplify/api";
import { Hub } from "aws-amplify/utils";

// Node 20 has no WebSocket; Amplify uses the global one, as in a browser. `ws` is the same API.
globalThis.WebSocket = WebSocket;

const scenario = JSON.parse(process.argv[2]);
Amplify.configure(JSON.parse(fs.readFileSync(scenario.outputs, "utf8")));
const say = (line) => console.log(JSON.stringify(line));

Hub.listen("api", ({ payload }) => {
  if (payload.event === "Subscription ack") say({ ready: true });
});

const options = { lambda: { authMode: "lambda", authToken: scenario.token } }[scenario.mode] ?? {};
const client = generateClient(options);
let received = 0;
const subscription = client.graphql({ query: scenario.query, variables: scenario.variables ?? {} }).subscribe({
  next: ({ data }) => {
    say({ data });
    if (++received >= scenario.count) {
      subscription.unsubscribe();
      setTimeout(() => process.exit(0), 100);
    }
  },
  error: (error) => say({ error: error?.errors ?? String(error) }),
});
setTimeout(() => { say({ timeout: true }); process.exit(1); }, scenario.seconds * 1000);
