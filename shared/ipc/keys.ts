import { z } from 'zod';
import { channel } from './define';
import { signatureClock, signaturePolicy, type KeyListing, type SignatureClock, type SignaturePolicy } from '../signing';

const path = z.string().min(1).max(4096);
const fingerprint = z.string().min(16).max(80);

export interface KeysPolicy {
  policy: SignaturePolicy;
  policyFrom: 'system' | 'user' | 'default' | 'option';
  clock: SignatureClock;
  /** the file an administrator edits to set it for the whole machine */
  systemPolicyFile: string;
}

/** IPC channels of signing keys (settings drawer): own keys, trusted keys, signature policy. */
export const keysChannels = {
  /** own keys (can sign) and trusted keys (system and user lists) */
  'keys.list': channel<KeyListing[]>()(z.object({}).strict()),
  /** generate an own key; the first becomes the bundleSigningKey setting */
  'keys.generate': channel<KeyListing>()(z.object({ name: z.string().min(1).max(200), email: z.string().max(200).optional(), passphrase: z.string().max(1024).optional() }).strict()),
  /** write the public half of an own key to a file (e.g. on the media or a USB stick) */
  'keys.exportPublic': channel<{ path: string }>()(z.object({ fingerprint, path }).strict()),
  /** trust the key in a file after the fingerprint read over the phone was typed (user list) */
  'keys.trust': channel<KeyListing[]>()(z.object({ path, fingerprint }).strict()),
  /** remove an own key, or a key from the user's trusted list */
  'keys.remove': channel<boolean>()(z.object({ fingerprint, from: z.enum(['own', 'trusted-user']) }).strict()),
  'keys.policy': channel<KeysPolicy>()(z.object({}).strict()),
  /** the user's own policy (an administrator's system policy still wins) */
  'keys.setPolicy': channel<KeysPolicy>()(z.object({ policy: signaturePolicy.optional(), clock: signatureClock.optional() }).strict()),
};
