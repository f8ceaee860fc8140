// Runs the reference front end's own GraphQL operations with the real aws-amplify v6 client.
//
// The reference's js/amplify-config.js (tests/amplify/reference-amplify-config.js, unchanged) defines
// window.productOperations, orderOperations, categoryOperations and cartOperations over a global
// `client`; this script makes that client the way an Amplify front end does, from the
// amplify_outputs.json `manage.py amplify_outputs` wrote, in the auth mode asked for, then calls the
// named operations in order and prints what each answered as one JSON line.
//
//   node run_reference.mjs '<scenario JSON>'
//   scenario: {"outputs": path, "mode": "apiKey"|"lambda"|"userPool", "token"?: string,
//              "signIn"?: {"username", "password"}, "steps": [{"call": "cartOperations.addToCart",
//              "args": [...]}]}   (an arg "$userId" is the signed-in user's id, as getCurrentUser() gives it)
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

import { Amplify } from "aws-amplify";
import { generateClient } from "aws-amplify/api";
import { fetchAuthSession, getCurrentUser, signIn } from "aws-amplify/auth";

const scenario = JSON.parse(process.argv[2]);
const outputs = JSON.parse(fs.readFileSync(scenario.outputs, "utf8"));
Amplify.configure(outputs);
const endpoint = outputs.custom?.cognito_user_pool_endpoint;
if (endpoint) {
  // A local Cognito (moto): Amplify's own userPoolEndpoint option, which amplify_outputs.json cannot carry.
  const config = Amplify.getConfig();
  Amplify.configure({ ...config, Auth: { Cognito: { ...config.Auth.Cognito, userPoolEndpoint: endpoint } } });
}

let userId = scenario.userId ?? null;
if (scenario.signIn) {
  // USER_PASSWORD_AUTH (allowed by the app client `deploy provision --cognito` makes): moto's SRP flow names
  // the user by its sub in USER_ID_FOR_SRP and then cannot find it, and never checks the SRP proof anyway,
  // so the password flow is the one a local Cognito really verifies.
  const result = await signIn({ username: scenario.signIn.username, password: scenario.signIn.password,
                                options: { authFlowType: "USER_PASSWORD_AUTH" } });
  if (!result.isSignedIn) throw new Error(`sign-in stopped at ${result.nextStep?.signInStep}`);
  userId = (await getCurrentUser()).userId;
}

const options = { userPool: { authMode: "userPool" }, lambda: { authMode: "lambda", authToken: scenario.token } };
globalThis.window = globalThis;
globalThis.client = generateClient(options[scenario.mode] ?? {});
globalThis.getCurrentUser = getCurrentUser;
globalThis.fetchAuthSession = fetchAuthSession;
const reference = path.join(path.dirname(fileURLToPath(import.meta.url)), "reference-amplify-config.js");
vm.runInThisContext(fs.readFileSync(reference, "utf8"), { filename: "amplify-config.js" });

const results = [];
for (const step of scenario.steps) {
  const [group, operation] = step.call.split(".");
  const args = (step.args ?? []).map((arg) => (arg === "$userId" ? userId : arg));
  try {
    const answer = await window[group][operation](...args);
    results.push({ call: step.call, data: answer.data, errors: answer.errors ?? null });
  } catch (failure) {
    // client.graphql rejects with the GraphQL response when it carries errors.
    results.push({ call: step.call, data: failure.data ?? null, errors: failure.errors ?? [{ message: String(failure) }] });
  }
}
console.log(JSON.stringify({ userId, results }));
