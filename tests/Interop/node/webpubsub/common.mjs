// Shared helpers of the Web PubSub interop scripts: argument parsing, checks that print PASS/FAIL lines, and
// a bounded wait. Every script exits 0 only when all of its checks passed.
import { WebPubSubClient, WebPubSubJsonProtocol, WebPubSubJsonReliableProtocol } from "@azure/web-pubsub-client";
import { WebPubSubServiceClient } from "@azure/web-pubsub";

export { args, check, finish, waitFor, delay } from "../checks.mjs";

export function connectionString(endpoint, key) {
  return `Endpoint=${endpoint};AccessKey=${key};Version=1.0;`;
}

export function protocolOf(name) {
  return name === "json" ? WebPubSubJsonProtocol() : WebPubSubJsonReliableProtocol();
}

// A client whose URL comes from the official REST SDK's getClientAccessToken, as an app server would hand it out.
export function makeClient(service, protocol, tokenOptions, clientOptions = {}) {
  return new WebPubSubClient(
    { getClientAccessUrl: async () => (await service.getClientAccessToken(tokenOptions)).url },
    { protocol: protocolOf(protocol), ...clientOptions },
  );
}

export function service(endpoint, key, hub) {
  // Locally the Relay speaks plain http on loopback; the SDK refuses that unless told.
  return new WebPubSubServiceClient(connectionString(endpoint, key), hub, { allowInsecureConnection: true });
}

process.on("unhandledRejection", (err) => {
  console.log(`FAIL unhandled rejection ${err?.stack ?? err}`);
  process.exit(1);
});
