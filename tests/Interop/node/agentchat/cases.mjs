// The protocol cases of docs/protocol/agentchat.md, one per message type, error and limit, written against the
// spec only. Each case gets {seed, challenge} server URLs (the same engine under the two identity policies) and
// throws on the first disagreement with the spec.
import { chatCases } from './cases-chat.mjs';
import { trustCases } from './cases-trust.mjs';

export const cases = { ...chatCases, ...trustCases };
