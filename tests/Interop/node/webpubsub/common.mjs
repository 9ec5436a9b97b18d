// Shared helpers of the Web PubSub interop scripts: argument parsing, checks that print PASS/FAIL lines, and
// a bounded wait. Every script exits 0 only when all of its checks passed.
import { WebPubSubClient, WebPubSubJsonProtocol, WebPubSubJsonReliableProtocol } from "@azure/web-pubsub-client";
import { WebPubSubServiceClient } from "@azure/web-pubsub";

export function args() {
  const out = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, "")] = argv[i + 1];
  return out;
}

let failures = 0;

export function check(name, condition, detail = "") {
  if (condition) {
    console.log(`PASS ${name}`);
  } else {
    failures++;
    console.log(`FAIL ${name} ${detail}`);
  }
}

export function finish() {
  console.log(failures === 0 ? "ALL PASSED" : `${failures} FAILED`);
  process.exit(failures === 0 ? 0 : 1);
}

export async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

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
